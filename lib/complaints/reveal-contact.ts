import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { decryptField, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db/create-client";
import { AppError } from "../errors";
import { complaintScope } from "./staff-scope";

/**
 * Decrypts the contact of a complaint's customer (the one given with the complaint, else the
 * customer's own) for roles allowed to see it; every reveal is audited, in the same transaction.
 */
export async function revealContact({ db, actor, complaintId, keyring }: { db: Db; actor: StaffActor; complaintId: string; keyring: Keyring }) {
  assertCan(actor, "contact.reveal");
  return db.$transaction(async (tx) => {
    const complaint = await tx.complaint.findFirst({ where: { id: complaintId, ...complaintScope(actor) }, select: { id: true, contactEnc: true, customer: { select: { id: true, contactEnc: true } } } });
    if (!complaint) throw new AppError("complaint_not_found");
    const source = complaint.contactEnc ? "complaint" : "customer";
    const encrypted = complaint.contactEnc ?? complaint.customer.contactEnc;
    const contact = encrypted ? decryptField(encrypted, keyring) : null;
    await recordAudit({ db: tx, entry: { actor: { type: "staff", id: actor.id, label: actor.email }, action: "contact.reveal", target: { type: "complaint", id: complaintId }, after: { source, customerId: complaint.customer.id, found: contact !== null } } });
    return { contact };
  });
}
