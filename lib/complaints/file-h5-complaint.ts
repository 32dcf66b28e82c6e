import type { Keyring } from "../crypto/field-encryption";
import { createHash } from "node:crypto";
import type { Db } from "../db/create-client";
import type { ObjectStore } from "../storage/object-store";
import { checkImages, discardUploads, storeImages, type IncomingFile } from "../storage/uploads";
import { createComplaint } from "./create-complaint";
import type { Category } from "./taxonomy";

/**
 * The H5 form's intake: photos are checked before anything is written, stored, then attached in
 * the complaint's transaction; if filing fails the stored photos are removed again. The form's
 * submission id makes a double tap (or a retried request) file one complaint.
 */
export async function fileH5Complaint({
  db,
  store,
  customerId,
  fields,
  files,
  keyring,
  shopRefunds = false,
}: {
  db: Db;
  store: ObjectStore;
  customerId: string;
  fields: { orderNo: string; category: Category; description: string; contact?: string; submissionId: string };
  files: IncomingFile[];
  keyring: Keyring;
  /** The shop's refund gateway is configured (see createComplaint). */
  shopRefunds?: boolean;
}) {
  checkImages(files);
  const { submissionId, ...input } = fields;
  const idempotency = {
    key: `h5:${customerId}:${submissionId}`,
    requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex"),
  };
  const existing = await db.complaint.findUnique({ where: { idempotencyKey: idempotency.key }, select: { id: true } });
  if (existing) return existing;

  const imageIds = await storeImages({ db, store, customerId, files });
  try {
    const { complaint, replayed } = await createComplaint({ db, actor: { type: "customer", customerId }, input: { ...input, imageIds }, source: "h5", idempotency, keyring, shopRefunds });
    if (replayed) await discardUploads({ db, store, ids: imageIds });
    return { id: complaint.id };
  } catch (error) {
    await discardUploads({ db, store, ids: imageIds });
    throw error;
  }
}
