import { settingValue } from "../app-settings";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Tier } from "../complaints/vocabulary/terms";
import type { Keyring } from "../crypto/field-encryption";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { orderAmountFen, STORED_AMOUNT } from "../orders/order-amount";
import { VIP_CHANNEL } from "./vip-channel";

type Tx = Prisma.TransactionClient;

const YEAR_MS = 365 * 86_400_000;

/**
 * What the customer spent over the last 12 months, in fen: the orders the shop sent, placed in the
 * window, not cancelled or refunded, not with a failed payment. Amounts are sealed per order, so they are opened here — a
 * customer's year of orders is at most some hundreds.
 */
async function annualSpendFen({
  tx,
  customerId,
  keyring,
  now,
}: {
  tx: Tx;
  customerId: string;
  keyring: Keyring;
  now: Date;
}) {
  const orders = await tx.order.findMany({
    where: {
      customerId,
      placedAt: { gt: new Date(now.getTime() - YEAR_MS), lte: now },
      status: { notIn: ["cancelled", "refunded"] },
      paymentFailed: false,
    },
    select: STORED_AMOUNT,
  });
  return orders.reduce((sum, order) => sum + orderAmountFen(order, keyring), 0);
}

/**
 * Settles a customer's tier after the shop sent an order (inside that order's transaction):
 * - the shop named the tier → it stands (`tier_source` = shop) until the shop names another;
 * - it did not, and the tier is Kesu's to compute (`spend`) → VIP when the last 12 months' orders
 *   reach the threshold of the `vip_channel` setting, normal otherwise.
 * A change is audited (`customer.tier_changed`: before, after, why, the spend when computed).
 */
export async function settleCustomerTier({
  tx,
  customerId,
  shopTier,
  keyring,
  actor,
  now = new Date(),
}: {
  tx: Tx;
  customerId: string;
  /** The tier in the shop's request, if it sent one. */
  shopTier?: Tier;
  keyring: Keyring;
  actor: AuditActor;
  now?: Date;
}): Promise<Tier> {
  // The customer's row first: two orders of one customer settled at once see each other's spend.
  await tx.$queryRaw`SELECT id FROM customers WHERE id = ${customerId}::uuid FOR NO KEY UPDATE`;
  const customer = await tx.customer.findUniqueOrThrow({
    where: { id: customerId },
    select: { tier: true, tierSource: true },
  });
  let next: { tier: Tier; source: "shop" | "spend"; spendFen?: number };
  if (shopTier) next = { tier: shopTier, source: "shop" };
  else if (customer.tierSource !== "spend") return customer.tier;
  else {
    const stored = await tx.appSetting.findUnique({ where: { key: VIP_CHANNEL.key }, select: { value: true } });
    const { annualSpendYuan } = settingValue({ setting: VIP_CHANNEL, stored: stored?.value ?? null });
    const spendFen = await annualSpendFen({ tx, customerId, keyring, now });
    next = { tier: spendFen >= annualSpendYuan * 100 ? "vip" : "normal", source: "spend", spendFen };
  }
  if (next.tier === customer.tier && next.source === customer.tierSource) return customer.tier;
  await tx.customer.update({ where: { id: customerId }, data: { tier: next.tier, tierSource: next.source } });
  if (next.tier !== customer.tier)
    await recordAudit({
      db: tx,
      entry: {
        actor,
        action: "customer.tier_changed",
        target: { type: "customer", id: customerId },
        before: { tier: customer.tier, source: customer.tierSource },
        after: {
          tier: next.tier,
          source: next.source,
          ...(next.spendFen !== undefined ? { spendFen: next.spendFen } : {}),
        },
      },
    });
  return next.tier;
}

/** How many spend-computed VIPs one run re-settles at most (the daily job picks up the rest next day). */
const RESETTLE_BATCH = 500;

/**
 * The rolling window moves without new orders: once a day, each VIP whose tier Kesu computes is
 * settled again (one transaction each), so a year without orders ends the VIP tier. Audited as
 * the system's change.
 */
export async function resettleSpendTiers({ db, keyring, now = new Date() }: { db: Db; keyring: Keyring; now?: Date }) {
  const due = await db.customer.findMany({
    where: { tier: "vip", tierSource: "spend" },
    orderBy: { id: "asc" },
    take: RESETTLE_BATCH,
    select: { id: true },
  });
  let demoted = 0;
  for (const { id } of due) {
    const tier = await db.$transaction((tx) =>
      settleCustomerTier({ tx, customerId: id, keyring, actor: { type: "system" }, now }),
    );
    if (tier !== "vip") demoted += 1;
  }
  return { checked: due.length, demoted };
}
