import { openComplaintContact } from "../complaints/complaint-contact";
import { FieldIntegrityError, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { isLocale, DEFAULT_LOCALE } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { CUSTOMER_LINK_PLACEHOLDER } from "./customer-link";
import { planDeliveries } from "./plan-deliveries";
import { categoryKey } from "../complaints/vocabulary/label-keys";

/**
 * The customer hears the result of their complaint by SMS and/or app push (whichever channels
 * subscribe to `complaint_result`), in their language, with a signed H5 link that opens the
 * complaint — where they confirm, reject and answer the survey. The planned delivery holds a
 * placeholder for the link; it is signed when the message is sent (lib/notify/customer-link.ts).
 */
export async function planCustomerResult({
  db,
  complaintId,
  sourceEventId,
  keyring,
}: {
  db: Db;
  complaintId: string;
  sourceEventId: string;
  keyring: Keyring;
}) {
  const complaint = await db.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: {
      category: true,
      contactEnc: true,
      customer: { select: { id: true, externalId: true, contactEnc: true, locale: true } },
    },
  });
  const locale = isLocale(complaint.customer.locale) ? complaint.customer.locale : DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const category = t(categoryKey(complaint.category));
  const title = t("notify.customerResultTitle");
  const text = t("notify.customerResultText", { category, link: CUSTOMER_LINK_PLACEHOLDER });
  // A phone that fails its integrity check may be someone else's: no SMS then (push still goes).
  const phone = () => {
    try {
      return openComplaintContact({
        complaint: { id: complaintId, contactEnc: complaint.contactEnc },
        customer: complaint.customer,
        keyring,
      }).contact;
    } catch (error) {
      if (!(error instanceof FieldIntegrityError)) throw error;
      console.warn(`[notify] no SMS for complaint ${complaintId}: ${error.column} failed its integrity check`);
      return null;
    }
  };
  return planDeliveries({
    db,
    topic: "complaint_result",
    kinds: ["sms", "app_push"],
    sourceEventId,
    complaintId,
    message: { title, markdown: text, text },
    recipientFor: (kind) => (kind === "sms" ? phone() : complaint.customer.externalId),
    keyring,
  });
}
