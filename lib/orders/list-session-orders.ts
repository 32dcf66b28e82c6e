import type { H5Principal } from "../auth/h5-scope";
import type { Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import { isAppError } from "../errors";
import { getCustomerOrder } from "./get-customer-order";

/**
 * The orders an H5 session was opened for (not all of the customer's: a forwarded link shows one
 * order), newest first; one that has since moved to another customer is left out.
 */
export async function listSessionOrders({
  db,
  principal,
  keyring,
}: {
  db: Db;
  principal: H5Principal;
  keyring: Keyring;
}) {
  const orders = await Promise.all(
    principal.orderNos.map((orderNo) =>
      getCustomerOrder({ db, customerId: principal.customerId, orderNo, keyring }).catch((error: unknown) => {
        if (isAppError(error)) return null;
        throw error;
      }),
    ),
  );
  return orders
    .flatMap((order) => (order ? [{ ...order, itemNames: order.items.slice(0, 3).map((item) => item.name) }] : []))
    .sort((a, b) => b.placedAt.getTime() - a.placedAt.getTime());
}
