import type { Db } from "../db-client";
import { isLocale } from "../i18n/config";

/** The language the customer uses on H5 becomes the language of SMS and push messages to them. */
export async function rememberCustomerLocale({
  db,
  customerId,
  locale,
}: {
  db: Db;
  customerId: string;
  locale: string;
}) {
  if (!isLocale(locale)) return;
  await db.customer.updateMany({ where: { id: customerId, NOT: { locale } }, data: { locale } });
}
