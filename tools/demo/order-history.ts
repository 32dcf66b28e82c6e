import { randomUUID } from "node:crypto";
import type { Keyring } from "../../lib/crypto/field-encryption";
import { sealOrderAmount } from "../../lib/orders/order-amount";
import { mulberry32 } from "../../lib/seeded-random";
import { PRODUCTS } from "./products";
import { uuidV7 } from "../../lib/uuid-v7";

/**
 * A generated order history with a known structure, for the high-risk order model (lib/risk) to be
 * exercised on: the fresh demo (scripts/start.ts), its integration test and e2e spec, and `npm run bench`. The chance of a complaint within 7 days rises with a remote region, a tight or
 * evening delivery promise, perishable products, a weekend and the customer's own (hidden)
 * propensity, which also shows in their earlier complaints. A model that finds that structure
 * proves the pipeline works; it says nothing about real customers.
 */
type Query = (sql: string, params: unknown[]) => Promise<unknown>;

const REGIONS: [string, number, boolean][] = [
  ["上海", 0.25, false],
  ["北京", 0.2, false],
  ["杭州", 0.15, false],
  ["广州", 0.15, false],
  ["成都", 0.1, false],
  ["乌鲁木齐", 0.05, true],
  ["拉萨", 0.05, true],
  ["西宁", 0.05, true],
];
const PERISHABLE = new Set(["FR-MANGO-1KG", "FR-STRAW-300G", "FR-CHERRY-500G", "VG-SPINACH-400G", "VG-LETTUCE"]);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export async function seedOrderHistory({
  query,
  keyring,
  orders: total,
  days = 150,
  now = new Date(),
  complaintsBefore = now,
  seed = 17,
}: {
  query: Query;
  keyring: Keyring;
  orders: number;
  days?: number;
  now?: Date;
  /** Complaints are filed up to here (the demo's history ends yesterday: today is what the running system records). */
  complaintsBefore?: Date;
  seed?: number;
}): Promise<{
  orders: number;
  complaints: number;
  planted: Map<string, number>;
  /** Each order's placing time, and the orders with a complaint within 7 days of it (the label). */
  placedAt: Map<string, Date>;
  complainedWithin7Days: Set<string>;
}> {
  const rand = mulberry32(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const tag = `H${seed.toString(36)}${now.getTime().toString(36)}`;
  const productIds = new Map<string, string>();
  for (const [sku, name] of PRODUCTS) {
    const rows = (await query(
      `INSERT INTO products (id, sku, name) VALUES ($1::uuid, $2, $3) ON CONFLICT (sku) DO UPDATE SET sku = excluded.sku RETURNING id`,
      [randomUUID(), sku, name],
    )) as { id: string }[] | { rows: { id: string }[] };
    productIds.set(sku, (Array.isArray(rows) ? rows : rows.rows)[0]!.id);
  }
  const groupRows = (await query(`SELECT id FROM handling_groups ORDER BY code LIMIT 1`, [])) as
    { id: string }[] | { rows: { id: string }[] };
  const groupId = (Array.isArray(groupRows) ? groupRows : groupRows.rows)[0]!.id;

  const customers = Array.from({ length: Math.max(20, Math.ceil(total / 8)) }, (_, i) => {
    let pick = rand();
    const [region, , remote] = REGIONS.find(([, share]) => (pick -= share) < 0) ?? REGIONS[0]!;
    return { id: randomUUID(), externalId: `${tag}-C${i}`, region, remote, propensity: 0.7 * gaussian() };
  });
  await query(
    `INSERT INTO customers (id, external_id, name, tier, region)
     SELECT id, ext, '历史客户', (CASE WHEN vip THEN 'vip' ELSE 'normal' END)::"CustomerTier", region
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::bool[]) AS c(id, ext, region, vip)`,
    [
      customers.map((c) => c.id),
      customers.map((c) => c.externalId),
      customers.map((c) => c.region),
      customers.map(() => rand() < 0.08),
    ],
  );

  let complaints = 0;
  // Each order's planted log-odds without the customer's hidden propensity: the best any model of
  // the order's own facts could rank by (tests compare the trained model with it).
  const planted = new Map<string, number>();
  const placedAtOf = new Map<string, Date>();
  const complainedWithin7Days = new Set<string>();
  for (let start = 0; start < total; start += 2000) {
    const orders: unknown[][] = [[], [], [], [], [], [], [], [], []];
    const items: unknown[][] = [[], [], [], [], []];
    const filed: unknown[][] = [[], [], [], [], [], [], []];
    for (let n = start; n < Math.min(total, start + 2000); n += 1) {
      const customer = customers[Math.floor(rand() * customers.length)]!;
      const placedAt = new Date(now.getTime() - rand() * days * DAY);
      const tight = rand() < 0.3;
      const promisedAt = new Date(placedAt.getTime() + (tight ? 1 + rand() * 2.5 : 4 + rand() * 44) * HOUR);
      const evening = new Date(promisedAt.getTime() + 8 * HOUR).getUTCHours() >= 18;
      const local = new Date(placedAt.getTime() + 8 * HOUR);
      const weekend = local.getUTCDay() === 0 || local.getUTCDay() === 6;
      const lines = PRODUCTS.filter(() => rand() < 0.12).slice(0, 4);
      if (!lines.length) lines.push(PRODUCTS[Math.floor(rand() * PRODUCTS.length)]!);
      const perishable = lines.some(([sku]) => PERISHABLE.has(sku));
      const fen = lines.reduce((sum, [, , price]) => sum + price, 0);
      const logit =
        -3.1 +
        (customer.remote ? 1.5 : 0) +
        (tight ? 1.1 : 0) +
        (evening ? 0.4 : 0) +
        (perishable ? 0.7 : 0) +
        (weekend ? 0.3 : 0) +
        customer.propensity;
      const id = randomUUID();
      planted.set(id, logit - customer.propensity);
      placedAtOf.set(id, placedAt);
      const orderNo = `${tag}-${n}`;
      const sealed = sealOrderAmount({ fen, orderNo, keyring });
      const values = [
        id,
        orderNo,
        customer.id,
        sealed.amountEnc,
        sealed.amountBand,
        customer.region,
        placedAt,
        promisedAt,
        new Date(promisedAt.getTime() + (rand() - 0.3) * 3 * HOUR),
      ];
      values.forEach((v, i) => orders[i]!.push(v));
      lines.forEach(([sku, name], position) => {
        items[0]!.push(randomUUID());
        items[1]!.push(id);
        items[2]!.push(productIds.get(sku));
        items[3]!.push(name);
        items[4]!.push(position);
      });
      if (rand() < 1 / (1 + Math.exp(-logit))) {
        const createdAt = new Date(placedAt.getTime() + (2 + rand() * 140) * HOUR);
        if (createdAt > complaintsBefore) continue;
        complaints += 1;
        if (createdAt.getTime() < placedAt.getTime() + 7 * DAY) complainedWithin7Days.add(id);
        [
          uuidV7(createdAt.getTime()),
          id,
          customer.id,
          tight || customer.remote ? "delivery.late" : "product.quality",
          "（历史订单）",
          createdAt,
          customer.region,
        ].forEach((v, i) => filed[i]!.push(v));
      }
    }
    await query(
      `INSERT INTO orders (id, order_no, customer_id, amount_enc, amount_band, status, region, placed_at, promised_at, delivered_at)
       SELECT id, no, customer, enc, band::"AmountBand", 'delivered', region, placed, promised, delivered
       FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::timestamptz[])
         AS o(id, no, customer, enc, band, region, placed, promised, delivered)`,
      orders,
    );
    await query(
      `INSERT INTO order_items (id, order_id, product_id, name, quantity, position)
       SELECT id, o, p, name, 1, pos FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::int[]) AS i(id, o, p, name, pos)`,
      items,
    );
    await query(
      `INSERT INTO complaints (id, order_id, customer_id, category, description, status, priority, urgency_score, group_id,
         source, first_response_due_at, resolution_due_at, first_responded_at, resolved_at, closed_at, region, created_at,
         updated_at)
       SELECT id, o, c, cat, d, 'closed', 'medium', 0.3, $8::uuid, 'api', at + interval '2 hours', at + interval '24 hours',
         at + interval '20 minutes', at + interval '5 hours', at + interval '6 hours', region, at, at
       FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::timestamptz[], $7::text[]) AS k(id, o, c, cat, d, at, region)`,
      [...filed, groupId],
    );
  }
  return { orders: total, complaints, planted, placedAt: placedAtOf, complainedWithin7Days };
}
