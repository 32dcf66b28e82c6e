import { decryptField, encryptField, type Keyring } from "../crypto/field-encryption";
import { uuidV7 } from "../uuid-v7";

/**
 * A new complaint's id and its sealed contact. The id is chosen here, in code, rather than by the
 * database: the contact is bound to it (AES-GCM additional data) before the row exists. Time-ordered
 * (uuid-v7.ts): new complaints fill the same index pages instead of one random page each.
 */
export function sealComplaintContact({
  contact,
  keyring,
  at,
}: {
  contact: string | undefined | null;
  keyring: Keyring;
  /** When the complaint is filed: its id's time. */
  at: Date;
}): {
  id: string;
  contactEnc: string | null;
} {
  const id = uuidV7(at.getTime());
  return {
    id,
    contactEnc: contact
      ? encryptField({ plaintext: contact, context: { column: "complaints.contact_enc", row: id }, keyring })
      : null,
  };
}

/**
 * The contact to use for a complaint: the one given with it, else the customer's own. Each is
 * opened against its own row, so a contact copied in from another complaint or customer throws
 * FieldIntegrityError instead of reaching staff or an SMS.
 */
export function openComplaintContact({
  complaint,
  customer,
  keyring,
}: {
  complaint: { id: string; contactEnc: string | null };
  customer: { externalId: string; contactEnc: string | null };
  keyring: Keyring;
}): { source: "complaint" | "customer"; contact: string | null } {
  if (complaint.contactEnc)
    return {
      source: "complaint",
      contact: decryptField({
        sealed: complaint.contactEnc,
        context: { column: "complaints.contact_enc", row: complaint.id },
        keyring,
      }),
    };
  if (customer.contactEnc)
    return {
      source: "customer",
      contact: decryptField({
        sealed: customer.contactEnc,
        context: { column: "customers.contact_enc", row: customer.externalId },
        keyring,
      }),
    };
  return { source: "customer", contact: null };
}
