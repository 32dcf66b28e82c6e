import { isUuid } from "@/lib/validation";
import { problemResponse } from "@/lib/api/problem";
import { byteRange } from "@/lib/http/byte-range";
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

/**
 * Complaint and rating photos and videos: for their owner's H5 session, and for staff who may see
 * the complaint (or read ratings). Every request is checked, a Range request too: a `<video>`
 * seeks with them (206 with Content-Range; 416 past the end).
 */
async function handleGet(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const locale = localeFromAcceptLanguage(request.headers.get("accept-language"));
  try {
    const viewer = await currentViewer();
    const { id } = await params;
    if (!isUuid(id)) throw new AppError("upload_not_found");
    const file = await readUploadForViewer({ db, store: appObjectStore(), uploadId: id, viewer });
    const size = file.bytes.length;
    const range = byteRange({
      range: request.headers.get("range"),
      ifRange: request.headers.get("if-range"),
      size,
    });
    if (range === "unsatisfiable") {
      const refused = problemResponse(new AppError("range_not_satisfiable"), locale);
      refused.headers.set("content-range", `bytes */${size}`);
      return refused;
    }
    const headers = {
      "content-type": file.contentType,
      "cache-control": "private, max-age=3600",
      "x-content-type-options": "nosniff",
      "accept-ranges": "bytes",
    };
    if (!range)
      return new Response(Buffer.from(file.bytes), { headers: { ...headers, "content-length": String(size) } });
    const part = file.bytes.subarray(range.start, range.end + 1);
    return new Response(Buffer.from(part), {
      status: 206,
      headers: {
        ...headers,
        "content-range": `bytes ${range.start}-${range.end}/${size}`,
        "content-length": String(part.length),
      },
    });
  } catch (error) {
    return problemResponse(error, locale);
  }
}

export const GET = timed("/api/files/{id}", handleGet);
