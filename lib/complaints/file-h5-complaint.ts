import { createHash } from "node:crypto";
import type { Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { MAX_IMAGES } from "../storage/image-rules";
import { pendingHit } from "../rate-limit/consume-rate-limit";
import { createComplaint } from "./create-complaint";
import type { Category } from "./vocabulary/taxonomy";

/**
 * The H5 form's intake. Photos were uploaded one by one while the customer filled the form
 * (lib/storage/customer-upload.ts); the complaint attaches them in its transaction, only if they
 * are this customer's and unattached. The form's submission id makes a double tap (or a retried
 * request) file one complaint, and such a repeat is not counted against the intake limits (per
 * customer and per address) that a new complaint is.
 */
export async function fileH5Complaint({
  db,
  customerId,
  address,
  fields,
  keyring,
  shopRefunds = false,
}: {
  db: Db;
  customerId: string;
  /** The caller's address, for the per-address limit (lib/rate-limit/client-address.ts). */
  address: string;
  fields: {
    orderNo: string;
    category: Category;
    description: string;
    contact?: string;
    imageIds: string[];
    submissionId: string;
  };
  keyring: Keyring;
  /** The shop's refund gateway is configured (see createComplaint). */
  shopRefunds?: boolean;
}) {
  if (fields.imageIds.length > MAX_IMAGES) throw new AppError("too_many_images", { params: { max: MAX_IMAGES } });
  const { submissionId, ...input } = fields;
  const idempotency = {
    key: `h5:${customerId}:${submissionId}`,
    requestHash: createHash("sha256").update(JSON.stringify(input)).digest("hex"),
    anyBody: true,
  };
  // Counted in intake's context read, unless the submission was already filed (a repeat).
  const hits = await Promise.all([
    pendingHit({ db, rule: "h5_complaint_customer", subject: customerId }),
    pendingHit({ db, rule: "h5_complaint_ip", subject: address }),
  ]);
  const { complaint } = await createComplaint({
    rateLimit: { hits, countRepeats: false },
    db,
    actor: { type: "customer", customerId },
    input,
    source: "h5",
    idempotency,
    keyring,
    shopRefunds,
  });
  return { id: complaint.id };
}
