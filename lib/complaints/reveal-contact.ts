import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { FieldIntegrityError, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { openComplaintContact } from "./complaint-contact";
import { complaintScope } from "./staff-scope";

/**
 * Decrypts the contact of a complaint's customer (the one given with the complaint, else the
 * customer's own) for roles allowed to see it; every reveal is audited, in the same transaction.
 * A contact that fails its integrity check (copied in from another row) is shown to nobody: the
 * attempt is audited (committed) and FieldIntegrityError, a translated message, is thrown.
 */
export async function revealContact({
  db,
  actor,
  complaintId,
  keyring,
}: {
  db: Db;
  actor: StaffActor;
  complaintId: string;
  keyring: Keyring;
}) {
  assertCan(actor, "contact.reveal");
  const { contact, refused } = await db.$transaction(async (tx) => {
    const complaint = await tx.complaint.findFirst({
      where: { id: complaintId, ...complaintScope(actor) },
      select: { id: true, contactEnc: true, customer: { select: { id: true, externalId: true, contactEnc: true } } },
    });
    if (!complaint) throw new AppError("complaint_not_found");
    const audit = (after: Record<string, string | boolean>) =>
      recordAudit({
        db: tx,
        entry: {
          actor: { type: "staff", id: actor.id, label: actor.email },
          action: "contact.reveal",
          target: { type: "complaint", id: complaintId },
          after: { customerId: complaint.customer.id, ...after },
        },
      });
    try {
      const { source, contact } = openComplaintContact({ complaint, customer: complaint.customer, keyring });
      await audit({ source, found: contact !== null });
      return { contact, refused: null };
    } catch (error) {
      if (!(error instanceof FieldIntegrityError)) throw error;
      await audit({ found: false, integrity: "failed" });
      return { contact: null, refused: error };
    }
  });
  if (refused) throw refused;
  return { contact };
}
