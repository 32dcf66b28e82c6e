import { auditData } from "../audit/record-audit";
import { h5ComplaintScope, type H5Principal } from "../auth/h5-scope";
import { can } from "../auth/permissions";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { complaintScope } from "../complaints/staff-scope";
import { randomUUID } from "node:crypto";
import type { Db } from "../db-client";
import { AppError, isAppError } from "../errors";
import { detectImageType, EXTENSION, MAX_IMAGE_BYTES, MAX_IMAGES, type ImageType } from "./image-rules";
import type { ObjectStore } from "./object-store";
import {
  detectVideoType,
  exceedsVideoLength,
  isVideoType,
  MAX_VIDEO_BYTES,
  MAX_VIDEO_SECONDS,
  MAX_VIDEOS,
  VIDEO_EXTENSION,
  VIDEO_TYPES,
  videoSeconds,
  type VideoType,
} from "./video-rules";

/** `claimedType`: the type the browser gave the file, if any — it can refuse a file, never make one acceptable. */
export type IncomingFile = { bytes: Uint8Array; size: number; claimedType?: string };
export type UploadType = ImageType | VideoType;

// The largest body one upload request may have: the largest file (a video) plus the multipart
// framing around it. Checked by the declared length before reading, and while reading.
const MULTIPART_OVERHEAD = 16 * 1024;
export const MAX_UPLOAD_BODY = Math.max(MAX_IMAGE_BYTES, MAX_VIDEO_BYTES) + MULTIPART_OVERHEAD;

function claimedKind(type = "") {
  if (type.startsWith("image/")) return "photo";
  if (type.startsWith("video/")) return "video";
  return null;
}

/**
 * One photo or video, by its bytes. A claimed type the bytes contradict (a JPEG sent as
 * video/mp4, an MP4 as image/jpeg) is refused: otherwise the picker, which counts by the claimed
 * type, and the server would disagree about what the customer attached.
 */
export function checkUpload(file: IncomingFile): { bytes: Uint8Array; contentType: UploadType } {
  const claimed = claimedKind(file.claimedType);
  const image = detectImageType(file.bytes);
  if (image) {
    if (claimed === "video") throw new AppError("file_type_not_allowed");
    if (file.size > MAX_IMAGE_BYTES) throw new AppError("file_too_large");
    return { bytes: file.bytes, contentType: image };
  }
  const video = detectVideoType(file.bytes);
  if (!video || claimed === "photo") throw new AppError("file_type_not_allowed");
  if (file.size > MAX_VIDEO_BYTES) throw new AppError("video_too_large");
  const seconds = videoSeconds(file.bytes, video);
  if (seconds === null) throw new AppError("video_unreadable");
  if (exceedsVideoLength(seconds)) throw new AppError("video_too_long", { params: { max: MAX_VIDEO_SECONDS } });
  return { bytes: file.bytes, contentType: video };
}

/** Checks every file before any is stored, so a bad third one leaves nothing behind. */
export function checkImages(files: IncomingFile[]) {
  if (files.length > MAX_IMAGES) throw new AppError("too_many_images", { params: { max: MAX_IMAGES } });
  const checked = files.map(checkUpload);
  if (checked.filter((file) => isVideoType(file.contentType)).length > MAX_VIDEOS)
    throw new AppError("too_many_videos", { params: { max: MAX_VIDEOS } });
  return checked;
}

/**
 * A complaint or a rating lists at most MAX_IMAGES uploads (its schema's cap), of which at most
 * MAX_VIDEOS videos — checked where the ids are attached. An upload's type never changes, so the
 * check may run before the transaction that attaches them; ids that are not there are the
 * attaching statement's to refuse.
 */
export async function assertVideoLimit({ db, uploadIds }: { db: Db; uploadIds: string[] }) {
  if (uploadIds.length <= MAX_VIDEOS) return;
  const videos = await db.upload.count({ where: { id: { in: uploadIds }, contentType: { in: [...VIDEO_TYPES] } } });
  if (videos > MAX_VIDEOS) throw new AppError("too_many_videos", { params: { max: MAX_VIDEOS } });
}

/** The body, refused as too large by its declared length or once more than `max` bytes came. */
async function readBodyCapped(request: Request, max: number): Promise<Uint8Array<ArrayBuffer>> {
  if (Number(request.headers.get("content-length") ?? 0) > max) throw new AppError("file_too_large");
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      const body = new Uint8Array(total);
      let at = 0;
      for (const chunk of chunks) {
        body.set(chunk, at);
        at += chunk.byteLength;
      }
      return body;
    }
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new AppError("file_too_large");
    }
    chunks.push(value);
  }
}

const fileRequired = () => new AppError("validation_failed", { fields: [{ path: "file", code: "required" }] });

/**
 * The one photo or video of a multipart upload (field `file`), as bytes, with the type the browser
 * claimed; the H5 and shop upload routes share it. Neither goes through proxy.ts (its matcher),
 * so nothing buffers the body before this reads it, at most MAX_UPLOAD_BODY bytes.
 */
export async function photoFromMultipart(request: Request): Promise<IncomingFile> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) throw new AppError("unsupported_media_type");
  const body = await readBodyCapped(request, MAX_UPLOAD_BODY).catch((error: unknown) => {
    // A client that stops sending mid-body is a malformed request, not a server error.
    throw isAppError(error) ? error : fileRequired();
  });
  const form = await new Response(body, { headers: { "content-type": contentType } }).formData().catch(() => {
    throw fileRequired();
  });
  const file = form.get("file");
  if (!(file instanceof File)) throw fileRequired();
  return { bytes: new Uint8Array(await file.arrayBuffer()), size: file.size, claimedType: file.type };
}

/** Stores checked photos and videos and records them; `customerId` is null for shop-API uploads until attached. */
export async function storeImages({
  db,
  store,
  customerId,
  files,
}: {
  db: Db;
  store: ObjectStore;
  customerId: string | null;
  files: IncomingFile[];
}): Promise<string[]> {
  const checked = checkImages(files);
  const ids: string[] = [];
  try {
    for (const file of checked) {
      const id = randomUUID();
      const { key } = await store.put({
        key: `${id}.${isVideoType(file.contentType) ? VIDEO_EXTENSION[file.contentType] : EXTENSION[file.contentType]}`,
        bytes: file.bytes,
        contentType: file.contentType,
      });
      await db.$transaction([
        db.upload.create({
          data: { id, storage: store.kind, key, contentType: file.contentType, size: file.bytes.length, customerId },
        }),
        db.auditLog.create({
          data: auditData({
            actor: customerId ? { type: "customer", id: customerId } : { type: "shop" },
            action: "upload.stored",
            target: { type: "upload", id },
            after: { contentType: file.contentType, size: file.bytes.length },
          }),
        }),
      ]);
      ids.push(id);
    }
  } catch (error) {
    await discardUploads({ db, store, ids });
    throw error;
  }
  return ids;
}

/** Removes uploads that never became part of a complaint (a failed intake). */
async function discardUploads({ db, store, ids }: { db: Db; store: ObjectStore; ids: string[] }) {
  if (ids.length === 0) return;
  const rows = await db.upload.findMany({
    where: { id: { in: ids }, complaintId: null },
    select: { id: true, key: true },
  });
  await db.upload.deleteMany({ where: { id: { in: rows.map((row) => row.id) }, complaintId: null } });
  await Promise.all(rows.map((row) => store.remove(row.key).catch(() => undefined)));
}

// A customer sees photos through an H5 session: their own, on complaints about the session's
// orders (and the ones still being attached to the form they are filling in).
export type Viewer = { kind: "customer"; principal: H5Principal } | { kind: "staff"; actor: StaffActor };

/**
 * Photo bytes for their owner, or for staff who may see the complaint it belongs to; for anyone
 * else the photo does not exist.
 */
export async function readUploadForViewer({
  db,
  store,
  uploadId,
  viewer,
}: {
  db: Db;
  store: ObjectStore;
  uploadId: string;
  viewer: Viewer;
}) {
  if (viewer.kind === "staff") assertCan(viewer.actor, "complaint.photos");
  const upload = await db.upload.findFirst({
    where:
      viewer.kind === "customer"
        ? {
            id: uploadId,
            customerId: viewer.principal.customerId,
            OR: [{ complaintId: null }, { complaint: h5ComplaintScope(viewer.principal) }],
          }
        : {
            id: uploadId,
            // A complaint's photo in the staff member's scope; a rating's for those who read ratings.
            // Scalar tests for "has one": an empty relation filter (`complaint: {}`, the scope of
            // those who see every group) reads as nothing at all inside an OR.
            OR: [
              { complaintId: { not: null }, complaint: { is: complaintScope(viewer.actor) } },
              ...(can(viewer.actor.role, "page.ratings") ? [{ ratingId: { not: null } }] : []),
            ],
          },
    select: { key: true, contentType: true },
  });
  if (!upload) throw new AppError("upload_not_found");
  const bytes = await store.get(upload.key);
  if (!bytes) throw new AppError("upload_not_found");
  return { bytes, contentType: upload.contentType };
}
