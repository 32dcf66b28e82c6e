import { randomUUID } from "node:crypto";
import type pg from "pg";
import { CATEGORIES, type Category } from "../../lib/complaints/vocabulary/taxonomy";
import type { FieldContext } from "../../lib/crypto/encrypted-columns";
import { encryptField, type Keyring } from "../../lib/crypto/field-encryption";
import { copyRows, type CopyValue } from "../db/copy-rows";
import { searchTermsFor, topKeywords } from "../../lib/nlp/segment";
import { amountBandFor } from "../../lib/orders/order-amount";
import { mulberry32 } from "../../lib/seeded-random";
import { uuidV7 } from "../../lib/uuid-v7";
import { triageComplaint } from "../../lib/triage/triage";
import { VIP_GROUP_CODE } from "../../lib/complaints/vocabulary/handling-groups";
import { VIP_CHANNEL } from "../../lib/customers/vip-channel";
import { PRODUCTS } from "./products";

const REGIONS: [string, number][] = [
  ["上海", 22],
  ["北京", 18],
  ["广州", 12],
  ["深圳", 12],
  ["杭州", 10],
  ["成都", 9],
  ["武汉", 9],
  ["南京", 8],
];
// Share of each subtype, and how it moves with the season (summer heat spoils fruit) and the week.
const MIX: Record<Category, { share: number; summer: number; weekend: number }> = {
  "product.quality": { share: 22, summer: 0.6, weekend: 1 },
  "product.mismatch": { share: 6, summer: 0, weekend: 1 },
  "product.short_weight": { share: 9, summer: 0, weekend: 1 },
  "product.out_of_stock": { share: 7, summer: 0.2, weekend: 1.2 },
  "order.payment": { share: 5, summer: 0, weekend: 1 },
  "order.cancellation": { share: 4, summer: 0, weekend: 1 },
  "order.price": { share: 4, summer: 0, weekend: 1 },
  "delivery.late": { share: 18, summer: 0.2, weekend: 1.5 },
  "delivery.wrong": { share: 5, summer: 0, weekend: 1.3 },
  "delivery.damaged": { share: 8, summer: 0.3, weekend: 1.2 },
  "service.attitude": { share: 7, summer: 0, weekend: 1 },
  "service.slow": { share: 5, summer: 0, weekend: 1.4 },
};
const TEMPLATES: Record<Category, string[]> = {
  "product.quality": [
    "收到的{p}烂了好几个，还有股酸味",
    "{p}发霉了，根本没法吃",
    "{p}一点都不新鲜，放了一天就坏了",
    "{p}里面有虫，吃了拉肚子",
  ],
  "product.mismatch": ["{p}和图片完全不一样，个头小很多", "买的是{p}，收到的品种不对", "{p}描述是精品果，收到的很普通"],
  "product.short_weight": ["{p}称了一下缺斤少两，差了快半斤", "{p}重量不够，少了三百克", "{p}分量明显不足"],
  "product.out_of_stock": ["下单的{p}说缺货了，要求退款", "{p}缺货也不提前通知", "{p}没货了，订单一直卡着"],
  "order.payment": ["买{p}被重复扣款两次，请尽快退回", "{p}订单付款失败但钱扣了", "优惠券没抵扣，{p}多付了钱"],
  "order.cancellation": ["{p}订单取消不了", "想取消{p}订单，客服不处理", "{p}取消后一直没退款"],
  "order.price": ["{p}下单后就降价了，要求补差价", "{p}价格和页面显示不一致", "{p}结算价比标价高"],
  "delivery.late": ["{p}承诺两小时送达，结果晚了三个小时", "{p}配送太慢了，等了一晚上", "{p}超时送达，水果都热了"],
  "delivery.wrong": ["送来的不是我的{p}，送错了", "{p}少送了一袋", "地址写得很清楚，{p}还是送错了"],
  "delivery.damaged": ["{p}包装破了，压坏了一半", "{p}运输中摔烂了", "外箱破损，{p}挤压变形"],
  "service.attitude": [
    "配送员态度很差，{p}直接扔门口",
    "客服态度恶劣，{p}的问题推来推去",
    "打电话问{p}的事，客服很不耐烦",
  ],
  "service.slow": ["{p}的问题反馈三天了没人回复", "客服一直不回复{p}退款的事", "{p}投诉处理太慢了"],
};
const CSAT_WEIGHTS: [number, number][] = [
  [5, 45],
  [4, 25],
  [3, 12],
  [2, 8],
  [1, 10],
];

function weighted<T>(items: [T, number][], r: number): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let x = r * total;
  for (const [item, weight] of items) if ((x -= weight) < 0) return item;
  return items[items.length - 1]![0];
}

/** Cumulative weights → an index by binary search (for a year of days). */
function sampler(weights: number[]) {
  const cumulative: number[] = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
  const total = cumulative[cumulative.length - 1]!;
  return (r: number) => {
    const x = r * total;
    let [lo, hi] = [0, cumulative.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

const SHANGHAI = 8 * 3_600_000;
const HOURS: [number, number][] = Array.from({ length: 24 }, (_, h) => [
  h,
  h < 7 ? 1 : h < 10 ? 4 : h < 13 ? 8 : h < 17 ? 6 : h < 22 ? 9 : 3,
]);

export type BulkSeedResult = { customers: number; orders: number; complaints: number; surveys: number; ms: number };

/**
 * Realistic volume for the dashboard and the benchmarks: `complaints` complaints (one order each)
 * over the last `months` months, with a summer peak for spoiled fruit, busier weekends for
 * deliveries, daytime hours, eight regions, 8 % VIPs, handling times, SLA breaches, outcomes and
 * survey answers consistent with each complaint's age. Loaded with COPY (rollup triggers off for
 * this session), then the rollups are rebuilt once. Timelines are not generated.
 */
export async function bulkSeed({
  client,
  keyring,
  complaints: total,
  months = 12,
  seed = 20261122,
  now = new Date(),
  onProgress,
}: {
  client: pg.Client;
  keyring: Keyring;
  complaints: number;
  months?: number;
  seed?: number;
  now?: Date;
  onProgress?: (message: string) => void;
}): Promise<BulkSeedResult> {
  const started = Date.now();
  const rand = mulberry32(seed);
  const tag = `B${seed.toString(36)}${Date.now().toString(36)}`;
  await client.query("SET kesu.skip_rollup = 'on'");

  const productIds = new Map<string, string>();
  for (const [sku, name] of PRODUCTS) {
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO products (id, sku, name) VALUES ($1, $2, $3) ON CONFLICT (sku) DO UPDATE SET sku = excluded.sku RETURNING id`,
      [randomUUID(), sku, name],
    );
    productIds.set(sku, rows[0]!.id);
  }
  // Routed as intake routes: by the groups' categories, VIP customers to the VIP line.
  const groups = new Map(
    (
      await client.query<{ id: string; route: string }>(
        `SELECT id, unnest(categories) AS route FROM handling_groups UNION ALL SELECT id, code FROM handling_groups WHERE code = $1`,
        [VIP_GROUP_CODE],
      )
    ).rows.map((g) => [g.route, g.id]),
  );
  const policies = new Map(
    (
      await client.query<{ priority: string; first_response_minutes: number }>(
        "SELECT priority, first_response_minutes FROM sla_policies",
      )
    ).rows.map((p) => [p.priority, p.first_response_minutes]),
  );

  // Every value is sealed for its own row (bound to it: a pool of shared ciphertexts would not open).
  const phones = Array.from({ length: 200 }, (_, i) => `139${String(10_000_000 + i * 7919).slice(-8)}`);
  const amounts = [990, 2590, 3580, 4990, 8990, 12800, 19900, 25900, 39900].map((fen) => ({
    fen,
    band: amountBandFor(fen),
  }));
  const seal = (plaintext: string | number, context: FieldContext) =>
    encryptField({ plaintext: String(plaintext), context, keyring });

  const customerCount = Math.max(1, Math.ceil(total / 5));
  const customers = Array.from({ length: customerCount }, (_, i) => ({
    id: randomUUID(),
    region: weighted(REGIONS, rand()),
    tier: rand() < 0.08 ? ("vip" as const) : ("normal" as const),
    i,
  }));
  await copyRows({
    client,
    table: "customers",
    columns: ["id", "external_id", "name", "tier", "region", "contact_enc", "locale", "created_at", "updated_at"],
    rows: customers.map((c) => [
      c.id,
      `${tag}-CU-${c.i}`,
      `客户${c.i}`,
      c.tier,
      c.region,
      seal(phones[c.i % phones.length]!, { column: "customers.contact_enc", row: `${tag}-CU-${c.i}` }),
      "zh-CN",
      now,
      now,
    ]),
  });
  onProgress?.(`customers: ${customerCount}`);

  const days = Math.round(months * 30.4);
  const dayOf = sampler(
    Array.from({ length: days }, (_, d) => {
      const date = new Date(now.getTime() - (days - 1 - d) * 86_400_000 + SHANGHAI);
      const season = 1 + 0.35 * Math.sin(((date.getUTCMonth() - 3) / 12) * 2 * Math.PI);
      const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6 ? 1.25 : 1;
      return season * weekend * (0.8 + (0.4 * d) / days);
    }),
  );
  const texts = new Map<string, { searchTerms: string; keywords: string[] }>();
  const analysed = (text: string) => {
    let hit = texts.get(text);
    if (!hit)
      texts.set(
        text,
        (hit = { searchTerms: searchTermsFor(text), keywords: topKeywords(text, 5).map((k) => k.keyword) }),
      );
    return hit;
  };
  const triaged = new Map<string, ReturnType<typeof triageComplaint>>();

  const complaintRows: CopyValue[][] = [];
  const orderRows: CopyValue[][] = [];
  const itemRows: CopyValue[][] = [];
  const surveyRows: CopyValue[][] = [];
  let written = 0;
  let surveys = 0;
  const flush = async () => {
    await copyRows({
      client,
      table: "orders",
      columns: [
        "id",
        "order_no",
        "customer_id",
        "amount_enc",
        "amount_band",
        "status",
        "region",
        "placed_at",
        "promised_at",
        "delivered_at",
        "created_at",
        "updated_at",
      ],
      rows: orderRows,
    });
    await copyRows({
      client,
      table: "order_items",
      columns: ["id", "order_id", "product_id", "name", "quantity", "unit_price_enc", "position"],
      rows: itemRows,
    });
    await copyRows({
      client,
      table: "complaints",
      columns: [
        "id",
        "order_id",
        "customer_id",
        "category",
        "description",
        "status",
        "priority",
        "urgency_score",
        "urgency_reasons",
        "group_id",
        "source",
        "first_response_due_at",
        "resolution_due_at",
        "first_responded_at",
        "resolved_at",
        "closed_at",
        "sla_due_at",
        "sla_breach_count",
        "search_terms",
        "keywords",
        "tier",
        "region",
        "csat",
        "nps",
        "created_at",
        "updated_at",
      ],
      rows: complaintRows,
    });
    await copyRows({
      client,
      table: "survey_responses",
      columns: ["id", "complaint_id", "customer_id", "csat", "nps", "comment", "created_at"],
      rows: surveyRows,
    });
    written += complaintRows.length;
    surveys += surveyRows.length;
    complaintRows.length = orderRows.length = itemRows.length = surveyRows.length = 0;
    onProgress?.(`complaints: ${written} / ${total}`);
  };

  for (let n = 0; n < total; n += 1) {
    const customer = customers[Math.floor(rand() * customerCount)]!;
    const day = dayOf(rand());
    const dayStart =
      Math.floor((now.getTime() + SHANGHAI) / 86_400_000) * 86_400_000 - SHANGHAI - (days - 1 - day) * 86_400_000;
    let createdAt = new Date(dayStart + weighted(HOURS, rand()) * 3_600_000 + Math.floor(rand() * 3_600_000));
    if (createdAt > now) createdAt = new Date(now.getTime() - Math.floor(rand() * 3_600_000));
    const weekend = [0, 6].includes(new Date(createdAt.getTime() + SHANGHAI).getUTCDay());
    const summer = Math.max(
      0,
      Math.sin(((new Date(createdAt.getTime() + SHANGHAI).getUTCMonth() - 3) / 12) * 2 * Math.PI),
    );
    const category = weighted(
      CATEGORIES.map(
        (c) => [c, MIX[c].share * (1 + MIX[c].summer * summer) * (weekend ? MIX[c].weekend : 1)] as [Category, number],
      ),
      rand(),
    );
    const [sku, productName] = PRODUCTS[Math.floor(rand() * PRODUCTS.length)]!;
    const templates = TEMPLATES[category];
    const description = templates[Math.floor(rand() * templates.length)]!.replace("{p}", productName.split(" ")[0]!);
    const amount = amounts[Math.floor(rand() * amounts.length)]!;
    const triageKey = `${category}|${description}|${customer.tier}|${amount.fen}`;
    let triage = triaged.get(triageKey);
    if (!triage)
      triaged.set(
        triageKey,
        (triage = triageComplaint({ category, description, orderAmountFen: amount.fen, tier: customer.tier })),
      );
    const { searchTerms, keywords } = analysed(description);

    const ageHours = (now.getTime() - createdAt.getTime()) / 3_600_000;
    const r = rand();
    const status =
      ageHours > 72
        ? r < 0.96
          ? "closed"
          : "processing"
        : ageHours > 24
          ? r < 0.3
            ? "closed"
            : r < 0.7
              ? "resolved"
              : r < 0.9
                ? "processing"
                : "waiting_customer"
          : r < 0.4
            ? "new"
            : r < 0.8
              ? "processing"
              : r < 0.9
                ? "waiting_customer"
                : "resolved";
    // The VIP line's own clock (its default: 15 minutes; lib/customers/vip-channel.ts), as live intake does.
    const slaMinutes = triage.vipLine
      ? VIP_CHANNEL.defaults.firstResponseMinutes
      : (policies.get(triage.priority) ?? 120);
    // Log-normal response and handling times: most quick, a long tail of slow ones.
    // Teams aim well inside the deadline (about a third of it, VIPs faster); about one in eight misses.
    const responseMinutes = Math.exp(
      Math.log(slaMinutes * 0.35 * (customer.tier === "vip" ? 0.6 : 1)) + 0.9 * gaussian(rand),
    );
    const handlingHours = Math.max(responseMinutes / 60 + 0.2, Math.exp(Math.log(5) + 0.8 * gaussian(rand)));
    const responded =
      status !== "new" ? new Date(Math.min(now.getTime(), createdAt.getTime() + responseMinutes * 60_000)) : null;
    const done = status === "resolved" || status === "closed";
    const resolvedAt = done ? new Date(Math.min(now.getTime(), createdAt.getTime() + handlingHours * 3_600_000)) : null;
    const closedAt =
      status === "closed" ? new Date(Math.min(now.getTime(), resolvedAt!.getTime() + rand() * 72 * 3_600_000)) : null;
    const firstDue = new Date(createdAt.getTime() + slaMinutes * 60_000);
    const breached = (responded ? responseMinutes > slaMinutes : now > firstDue) || rand() < 0.02 ? 1 : 0;
    const surveyed = done && rand() < 0.35;
    const csat = surveyed ? weighted(CSAT_WEIGHTS, rand()) : null;
    const nps =
      surveyed && rand() < 0.3 ? Math.min(10, Math.max(0, Math.round((csat! - 1) * 2.5 + gaussian(rand)))) : null;

    const orderId = randomUUID();
    // Time-ordered, as intake's ids are (lib/uuid-v7.ts).
    const complaintId = uuidV7(createdAt.getTime());
    const placedAt = new Date(createdAt.getTime() - (2 + rand() * 46) * 3_600_000);
    const itemId = randomUUID();
    orderRows.push([
      orderId,
      `${tag}-${n}`,
      customer.id,
      seal(amount.fen, { column: "orders.amount_enc", row: `${tag}-${n}` }),
      amount.band,
      "delivered",
      customer.region,
      placedAt,
      new Date(placedAt.getTime() + 4 * 3_600_000),
      new Date(placedAt.getTime() + (3 + rand() * 4) * 3_600_000),
      placedAt,
      placedAt,
    ]);
    itemRows.push([
      itemId,
      orderId,
      productIds.get(sku)!,
      productName,
      "1",
      seal(amount.fen, { column: "order_items.unit_price_enc", row: itemId }),
      0,
    ]);
    complaintRows.push([
      complaintId,
      orderId,
      customer.id,
      category,
      description,
      status,
      triage.priority,
      triage.urgency,
      triage.reasons,
      groups.get(triage.vipLine ? VIP_GROUP_CODE : category)!,
      "api",
      firstDue,
      new Date(createdAt.getTime() + 24 * 3_600_000),
      responded,
      resolvedAt,
      closedAt,
      done
        ? null
        : status === "waiting_customer"
          ? null
          : responded
            ? new Date(createdAt.getTime() + 24 * 3_600_000)
            : firstDue,
      breached,
      searchTerms,
      keywords,
      customer.tier,
      customer.region,
      csat,
      nps,
      createdAt,
      closedAt ?? resolvedAt ?? responded ?? createdAt,
    ]);
    if (surveyed)
      surveyRows.push([
        randomUUID(),
        complaintId,
        customer.id,
        csat!,
        nps,
        "",
        new Date(resolvedAt!.getTime() + 3_600_000),
      ]);
    if (complaintRows.length >= 20_000) await flush();
  }
  await flush();
  await client.query("RESET kesu.skip_rollup");
  onProgress?.("rebuilding the dashboard rollups…");
  await client.query("SELECT kesu_rebuild_rollups()");
  // VACUUM too, not only ANALYZE: rows just copied in have no visibility map and no hint bits, so
  // the first reads of every page would set them (writing as they read), and autovacuum would start
  // on its own during whatever runs next — the bench's measurements. A year of real complaints has
  // been vacuumed many times over; so is the seed's.
  await client.query("VACUUM (ANALYZE)");
  return { customers: customerCount, orders: written, complaints: written, surveys, ms: Date.now() - started };
}

/** A standard normal deviate (Box–Muller). */
function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}
