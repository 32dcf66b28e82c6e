import type { Db } from "../db-client";
import { AppError } from "../errors";
import { enforceRateLimit } from "../rate-limit/consume-rate-limit";
import type { ObjectStore } from "./object-store";
import { MAX_UPLOAD_BODY, photoFromMultipart, storeImages } from "./uploads";

/**
 * A photo or video the signed-in H5 customer picked, stored at once and owned by them until a
 * complaint or rating takes it (createComplaint attaches only the customer's own unattached
 * uploads). The caller has checked the session before the body is read; this counts the upload
 * limit and refuses, before reading it, a body larger than the largest file (a video) may make.
 */
export async function storeCustomerPhoto({
  db,
  store,
  customerId,
  request,
}: {
  db: Db;
  store: ObjectStore;
  customerId: string;
  request: Request;
}): Promise<{ id: string }> {
  await enforceRateLimit({ db, rule: "upload_customer", subject: customerId });
  const length = Number(request.headers.get("content-length") ?? "");
  if (!Number.isFinite(length) || length <= 0) throw new AppError("content_length_required");
  if (length > MAX_UPLOAD_BODY) throw new AppError("file_too_large");
  const [id] = await storeImages({ db, store, customerId, files: [await photoFromMultipart(request)] });
  return { id: id! };
}

/** Uploads nobody attached within a day (a form left unsent, a removed preview) are deleted; a rating's are kept. */
export async function pruneUnattachedUploads({
  db,
  store,
  now = new Date(),
  olderThanMs = 86_400_000,
}: {
  db: Db;
  store: ObjectStore;
  now?: Date;
  olderThanMs?: number;
}) {
  // Only the rows this statement deleted lose their files: one attached meanwhile is kept.
  const deleted = await db.$queryRaw<{ key: string }[]>`
    DELETE FROM uploads WHERE id IN (
      SELECT id FROM uploads WHERE complaint_id IS NULL AND rating_id IS NULL
        AND created_at < ${new Date(now.getTime() - olderThanMs)} LIMIT 1000 FOR UPDATE SKIP LOCKED
    ) AND complaint_id IS NULL AND rating_id IS NULL RETURNING key`;
  await Promise.all(deleted.map((row) => store.remove(row.key).catch(() => undefined)));
  return { deleted: deleted.length };
}
