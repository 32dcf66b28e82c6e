import { isUuid } from "@/lib/validation";
import { problemResponse } from "@/lib/api/problem";
import { getH5Customer } from "@/lib/auth/h5-session";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { localeFromAcceptLanguage } from "@/lib/i18n/config";
import { appObjectStore } from "@/lib/storage/app-store";
import { readUploadForViewer } from "@/lib/storage/uploads";

/** Complaint photos: only their owner's H5 session may read them (staff access arrives with staff sign-in). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const locale = localeFromAcceptLanguage(request.headers.get("accept-language"));
  try {
    const customer = await getH5Customer({ db });
    if (!customer) throw new AppError("session_required");
    const { id } = await params;
    if (!isUuid(id)) throw new AppError("upload_not_found");
    const file = await readUploadForViewer({ db, store: appObjectStore(), uploadId: id, viewer: { kind: "customer", customerId: customer.id } });
    return new Response(Buffer.from(file.bytes), {
      headers: { "content-type": file.contentType, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" },
    });
  } catch (error) {
    return problemResponse(error, locale);
  }
}
