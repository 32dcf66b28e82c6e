import { problemResponse } from "@/lib/api/problem";
import { requireH5Session } from "@/lib/auth/h5-session";
import { getComplaintMarker } from "@/lib/complaints/get-complaint-view";
import { db } from "@/lib/db";
import { localeFromAcceptLanguage } from "@/lib/i18n/config";
import { timed } from "@/lib/metrics/registry";

/** What the complaint page polls to know when to refresh: owner only, no content. */
async function handleGet(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const { principal } = await requireH5Session();
    const marker = await getComplaintMarker({ db, id: (await params).id, principal });
    return Response.json({ marker }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return problemResponse(error, localeFromAcceptLanguage(request.headers.get("accept-language")));
  }
}

export const GET = timed("/h5/complaints/{id}/marker", handleGet);
