import { Prisma } from "../generated/prisma/client";
import type { Db } from "../db-client";
import type { OrderFacts } from "./risk-features";

type Reader = Pick<Db, "$queryRaw">;
type Row = {
  id: string;
  region: string;
  placed_at: Date;
  promised_at: Date | null;
  amount_band: string;
  items: number;
  products: string[] | null;
  prior_orders: number;
  prior_complaints: number;
  last_complaint_at: Date | null;
  complained: boolean;
};

/** A complaint filed within this long after the order was placed makes it a positive example. */
export const LABEL_DAYS = 7;

/**
 * Each order's facts as of its placing (lib/risk/risk-features.ts) and whether it drew a complaint
 * within 7 days — one statement; the customer's earlier orders and complaints come from the
 * (customer, time) indexes. Cancelled orders are left out: nothing was delivered to complain about.
 */
function factsQuery(where: Prisma.Sql, limit: number) {
  return Prisma.sql`
    SELECT o.id, o.region, o.placed_at, o.promised_at, o.amount_band::text AS amount_band,
      (SELECT count(*)::int FROM order_items i WHERE i.order_id = o.id) AS items,
      (SELECT array_agg(DISTINCT i.product_id::text) FROM order_items i WHERE i.order_id = o.id) AS products,
      (SELECT count(*)::int FROM orders p WHERE p.customer_id = o.customer_id AND p.placed_at < o.placed_at) AS prior_orders,
      (SELECT count(*)::int FROM complaints k WHERE k.customer_id = o.customer_id AND k.created_at < o.placed_at) AS prior_complaints,
      (SELECT max(k.created_at) FROM complaints k WHERE k.customer_id = o.customer_id AND k.created_at < o.placed_at) AS last_complaint_at,
      EXISTS (SELECT 1 FROM complaints k WHERE k.order_id = o.id
        AND k.created_at < o.placed_at + make_interval(days => ${LABEL_DAYS})) AS complained
    FROM orders o
    WHERE o.status <> 'cancelled' AND ${where}
    ORDER BY o.placed_at DESC, o.id
    LIMIT ${limit}`;
}

const toFacts = (row: Row): OrderFacts => ({
  region: row.region,
  placedAt: row.placed_at,
  promisedAt: row.promised_at,
  amountBand: row.amount_band,
  items: row.items,
  productIds: row.products ?? [],
  priorOrders: row.prior_orders,
  priorComplaints: row.prior_complaints,
  lastComplaintAt: row.last_complaint_at,
});

/** Orders placed in [from, to), newest first, at most `limit`, with their facts and label. */
export async function labelledOrders({ db, from, to, limit }: { db: Reader; from: Date; to: Date; limit: number }) {
  const rows = await db.$queryRaw<Row[]>(factsQuery(Prisma.sql`o.placed_at >= ${from} AND o.placed_at < ${to}`, limit));
  return rows.map((row) => ({ id: row.id, facts: toFacts(row), complained: row.complained }));
}

/** The facts of the given orders (for scoring one as the shop sends it, or explaining a listed one). */
export async function factsOfOrders({ db, ids }: { db: Reader; ids: string[] }) {
  if (!ids.length) return new Map<string, OrderFacts>();
  const rows = await db.$queryRaw<Row[]>(factsQuery(Prisma.sql`o.id = ANY(${ids}::uuid[])`, ids.length));
  return new Map(rows.map((row) => [row.id, toFacts(row)]));
}
