import { auditData } from "../audit/record-audit";
import { h5ComplaintScope, type H5Principal } from "../auth/h5-scope";
import { can } from "../auth/permissions";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { complaintScope } from "../complaints/staff-scope";
import { randomUUID } from "node:crypto";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { detectImageType, EXTENSION, MAX_IMAGE_BYTES, MAX_IMAGES } from "./image-rules";
import type { ObjectStore } from "./object-store";

export type IncomingFile = { bytes: Uint8Array; size: number };

/** Checks every photo before any is stored, so a bad third photo leaves nothing behind. */
export function checkImages(files: IncomingFile[]) {
  if (files.length > MAX_IMAGES) throw new AppError("too_many_images", { params: { max: MAX_IMAGES } });
  return files.map((file) => {
    if (file.size > MAX_IMAGE_BYTES) throw new AppError("file_too_large");
    const contentType = detectImageType(file.bytes);
    if (!contentType) throw new AppError("file_type_not_allowed");
    return { bytes: file.bytes, contentType };
  });
}

/** The one photo of a multipart upload (field `file`), as bytes; the H5 and shop upload routes share it. */
export async function photoFromMultipart(request: Request): Promise<IncomingFile> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data"))
    throw new AppError("unsupported_media_type");
  const form = await request.formData().catch(() => {
    throw new AppError("validation_failed", { fields: [{ path: "file", code: "required" }] });
  });
  const file = form.get("file");
  if (!(file instanceof File))
    throw new AppError("validation_failed", { fields: [{ path: "file", code: "required" }] });
  return { bytes: new Uint8Array(await file.arrayBuffer()), size: file.size };
}

/** Stores checked photos and records them; `customerId` is null for shop-API uploads until attached. */
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
        key: `${id}.${EXTENSION[file.contentType]}`,
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
