import type { Db } from "../db/create-client";
import { AppError } from "../errors";
import { createH5LinkToken, type H5Entry } from "./h5-link";

/** A signed, expiring link that signs the order's customer into the H5 portal. */
export async function issueH5Link({
  db,
  orderNo,
  entry,
  appUrl,
  secret,
  ttlHours,
  now = new Date(),
}: {
  db: Db;
  orderNo: string;
  entry: H5Entry;
  appUrl: string;
  secret: string;
  ttlHours: number;
  now?: Date;
}) {
  const order = await db.order.findUnique({ where: { orderNo }, select: { customerId: true } });
  if (!order) throw new AppError("order_not_found");
  const expiresAt = new Date(now.getTime() + ttlHours * 3_600_000);
  const token = createH5LinkToken({ orderNo, customerId: order.customerId, entry, expiresAt, secret });
  return { url: `${appUrl.replace(/\/$/, "")}/h5/enter?t=${token}`, expiresAt };
}
