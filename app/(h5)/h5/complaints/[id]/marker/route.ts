import { problemResponse } from "@/lib/api/problem";
import { getH5Customer } from "@/lib/auth/h5-session";
import { getComplaintMarker } from "@/lib/complaints/get-complaint-view";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { localeFromAcceptLanguage } from "@/lib/i18n/config";
import { timed } from "@/lib/metrics/registry";

/** What the complaint page polls to know when to refresh: owner only, no content. */
async function handleGet(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const customer = await getH5Customer({ db });
    if (!customer) throw new AppError("session_required");
    const marker = await getComplaintMarker({ db, id: (await params).id, customerId: customer.id });
    return Response.json({ marker }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return problemResponse(error, localeFromAcceptLanguage(request.headers.get("accept-language")));
  }
}

export const GET = timed("/h5/complaints/{id}/marker", handleGet);
