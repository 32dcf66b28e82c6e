import { isUuid } from "@/lib/validation";
import { problemResponse } from "@/lib/api/problem";
import { getH5Session } from "@/lib/auth/h5-session";
import { getStaffActor } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { localeFromAcceptLanguage } from "@/lib/i18n/config";
import { appObjectStore } from "@/lib/storage/app-store";
import { readUploadForViewer, type Viewer } from "@/lib/storage/uploads";
import { timed } from "@/lib/metrics/registry";

async function currentViewer(): Promise<Viewer> {
  // Staff first: readUploadForViewer checks the permission and the complaint's scope.
  const staff = await getStaffActor();
  if (staff) return { kind: "staff", actor: staff };
  const session = await getH5Session();
  if (session) return { kind: "customer", principal: session.principal };
  throw new AppError("session_required");
}

/** Complaint photos: for their owner's H5 session, and for staff who may see the complaint. */
async function handleGet(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const locale = localeFromAcceptLanguage(request.headers.get("accept-language"));
  try {
    const viewer = await currentViewer();
    const { id } = await params;
    if (!isUuid(id)) throw new AppError("upload_not_found");
    const file = await readUploadForViewer({ db, store: appObjectStore(), uploadId: id, viewer });
    return new Response(Buffer.from(file.bytes), {
      headers: {
        "content-type": file.contentType,
        "cache-control": "private, max-age=3600",
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    return problemResponse(error, locale);
  }
}

export const GET = timed("/api/files/{id}", handleGet);
