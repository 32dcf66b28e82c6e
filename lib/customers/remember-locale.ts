import type { Db } from "../db-client";
import { isLocale } from "../i18n/config";

/** The language the customer uses on H5 becomes the language of SMS and push messages to them. */
export async function rememberCustomerLocale({
  db,
  customerId,
  locale,
  known,
}: {
  db: Db;
  customerId: string;
  locale: string;
  /** The language already stored, when the caller has read it (the H5 session has): no write then. */
  known?: string;
}) {
  if (!isLocale(locale) || locale === known) return;
  await db.customer.updateMany({ where: { id: customerId, NOT: { locale } }, data: { locale } });
}
