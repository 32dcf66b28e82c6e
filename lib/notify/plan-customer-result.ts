import { createH5LinkToken } from "../auth/h5-link";
import { openComplaintContact } from "../complaints/complaint-contact";
import { FieldIntegrityError, type Keyring } from "../crypto/field-encryption";
import type { Db } from "../db/create-client";
import { isLocale, DEFAULT_LOCALE } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { planDeliveries } from "./plan-deliveries";

export const RESULT_LINK_HOURS = 7 * 24;

/**
 * The customer hears the result of their complaint by SMS and/or app push (whichever channels
 * subscribe to `complaint_result`), in their language, with a signed H5 link that opens the
 * complaint — where they confirm, reject and answer the survey.
 */
export async function planCustomerResult({ db, complaintId, sourceEventId, appUrl, linkSecret, keyring, now = new Date() }: { db: Db; complaintId: string; sourceEventId: string; appUrl: string; linkSecret: string; keyring: Keyring; now?: Date }) {
  const complaint = await db.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: { category: true, contactEnc: true, order: { select: { orderNo: true } }, customer: { select: { id: true, externalId: true, contactEnc: true, locale: true } } },
  });
  const locale = isLocale(complaint.customer.locale) ? complaint.customer.locale : DEFAULT_LOCALE;
  const t = translatorFor(locale);
  const token = createH5LinkToken({ orderNo: complaint.order.orderNo, customerId: complaint.customer.id, entry: "order_detail", complaintId, expiresAt: new Date(now.getTime() + RESULT_LINK_HOURS * 3_600_000), secret: linkSecret });
  const link = `${appUrl}/h5/enter?t=${token}`;
  const category = t(`taxonomy.${complaint.category}` as "taxonomy.product.quality");
  const title = t("notify.customerResultTitle");
  const text = t("notify.customerResultText", { category, link });
  // A phone that fails its integrity check may be someone else's: no SMS then (push still goes).
  const phone = () => {
    try {
      return openComplaintContact({ complaint: { id: complaintId, contactEnc: complaint.contactEnc }, customer: complaint.customer, keyring }).contact;
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
