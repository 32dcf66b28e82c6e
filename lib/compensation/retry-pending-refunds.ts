import type { Db } from "../db-client";
import { settleRefund } from "./settle-refund";
import type { ShopRefundClient } from "./shop-refund-client";

/** Settles refunds still pending a minute after they were granted (the shop was unreachable then). */
export async function retryPendingRefunds({
  db,
  client,
  olderThanMs = 60_000,
  limit = 50,
  now = new Date(),
}: {
  db: Db;
  client: ShopRefundClient;
  olderThanMs?: number;
  limit?: number;
  now?: Date;
}) {
  const pending = await db.compensation.findMany({
    where: { type: "refund", status: "pending", createdAt: { lt: new Date(now.getTime() - olderThanMs) } },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true },
  });
  const outcomes = [];
  for (const { id } of pending) outcomes.push(await settleRefund({ db, client, compensationId: id }));
  return { retried: pending.length, succeeded: outcomes.filter((o) => o === "succeeded").length };
}
