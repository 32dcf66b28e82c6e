import { writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foldRollups } from "../../lib/dashboard/fold-rollups";
import { resetData, testDb } from "../support/db-helpers";
import { orderBody, shopApi } from "../support/shop-api";

/**
 * Many concurrent submissions, nothing lost or doubled (issue 14): LOAD_SUBMISSIONS complaints
 * (1 000 in `npm test`, 10 000 with `npm run load`) through the real shop route, 50 at a time,
 * each with its own Idempotency-Key; a share of them sent twice at once (the client retried while
 * the first was still in flight) and a share sent again after the answer (a retry after a lost
 * response). A wave sits in the middle: 40 % on one order, one category. Afterwards every key has
 * exactly one complaint, each complaint one `created` event, the rollups equal a rebuild, and every
 * out-of-stock order under ¥50 was refunded exactly once.
 */
const SUBMISSIONS = Number(process.env.LOAD_SUBMISSIONS ?? 1_000);
const CONCURRENCY = 50;
const ORDERS = 100;
const REFUNDABLE = 20; // the first orders: ¥25.80, delivered — out of stock there is refunded by rule

beforeAll(async () => {
  await resetData();
  for (let i = 0; i < ORDERS; i += 1) {
    const refundable = i < REFUNDABLE;
    const body = orderBody({
      amount: refundable ? 25.8 : 88,
      items: [{ sku: "FR-DURIAN-1", name: "金枕榴莲", quantity: "1", unitPrice: refundable ? 25.8 : 88 }],
      customer: {
        externalId: `CU-LOAD-${i}`,
        name: `客户${i}`,
        phone: "13900000001",
        tier: i % 10 === 0 ? "vip" : "normal",
        region: i % 2 ? "南京" : "杭州",
      },
    });
    expect((await shopApi.putOrder(`SO-LOAD-${i}`, body)).status).toBe(201);
  }
}, 120_000);
afterAll(() => testDb.$disconnect());

type Submission = { key: string; body: { orderNo: string; category: string; description: string } };

function submission(n: number): Submission {
  const texts = [
    "榴莲发霉了，有异味",
    "榴莲坏了一半",
    "缺货了，没收到",
    "送来的榴莲不新鲜，要退款",
    "已经第二次了，太失望",
  ];
  const wave = n % 5 < 2; // 40 %: one order, one category
  const order = wave ? ORDERS - 1 : n % ORDERS;
  const category = wave
    ? "product.quality"
    : order < REFUNDABLE
      ? "product.out_of_stock"
      : ["product.quality", "delivery.late", "product.short_weight"][n % 3];
  return { key: `load-${n}`, body: { orderNo: `SO-LOAD-${order}`, category, description: texts[n % texts.length] } };
}

async function send(s: Submission) {
  const response = await shopApi.postComplaint(s.body, { idempotencyKey: s.key });
  const json = await response.json();
  return { status: response.status, id: json.id as string | undefined, code: json.code as string | undefined };
}

describe(`${SUBMISSIONS} concurrent submissions`, () => {
  it(
    "every accepted key has exactly one complaint, one created event, exact rollups and refunds paid once",
    async () => {
      const idsByKey = new Map<string, Set<string>>();
      const statuses = new Map<number, number>();
      const record = (key: string, answer: { status: number; id?: string }) => {
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        if (answer.status === 201 && answer.id) idsByKey.set(key, (idsByKey.get(key) ?? new Set()).add(answer.id));
      };
      let next = 0;
      const started = Date.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < SUBMISSIONS) {
            const n = next++;
            const s = submission(n);
            if (n % 10 === 3) {
              // Retried while the first is still in flight: both race on the key.
              const answers = await Promise.all([send(s), send(s)]);
              for (const answer of answers) record(s.key, answer);
            } else {
              record(s.key, await send(s));
              // Retried after the answer was lost on the way back.
              if (n % 20 === 7) record(s.key, await send(s));
            }
          }
        }),
      );
      const seconds = (Date.now() - started) / 1000;
      console.log(
        `[load] ${SUBMISSIONS} submissions in ${seconds.toFixed(1)} s (${Math.round(SUBMISSIONS / seconds)}/s), answers ${JSON.stringify(Object.fromEntries(statuses))}`,
      );

      // Nothing refused, nothing failed: every answer a 201 (first or replayed).
      expect([...statuses.keys()]).toEqual([201]);
      expect(idsByKey.size).toBe(SUBMISSIONS);
      for (const ids of idsByKey.values()) expect(ids.size).toBe(1);
      const ids = [...idsByKey.values()].map((set) => [...set][0]!);
      expect(new Set(ids).size).toBe(SUBMISSIONS);

      expect(await testDb.complaint.count()).toBe(SUBMISSIONS);
      const created = await testDb.$queryRaw<{ n: number; aggregates: number }[]>`
        SELECT count(*)::int AS n, count(DISTINCT aggregate_id)::int AS aggregates FROM outbox_events WHERE name = 'kesu/complaint.created'`;
      expect(created[0]).toEqual({ n: SUBMISSIONS, aggregates: SUBMISSIONS });
      const resolved = await testDb.complaint.count({ where: { status: "resolved" } });
      const resolvedEvents = await testDb.outboxEvent.count({ where: { name: "kesu/complaint.resolved" } });
      expect(resolvedEvents).toBe(resolved);

      // One automatic refund per refundable order that had an out-of-stock complaint, for its amount.
      const refunds = await testDb.$queryRaw<{ order_no: string; n: number; amount: string }[]>`
        SELECT o.order_no, count(*)::int AS n, sum(c.amount)::text AS amount FROM compensations c JOIN orders o ON o.id = c.order_id
        WHERE c.type = 'refund' GROUP BY 1 ORDER BY 1`;
      const outOfStockOrders = new Set(
        Array.from({ length: SUBMISSIONS }, (_, n) => submission(n).body)
          .filter((body) => body.category === "product.out_of_stock")
          .map((body) => body.orderNo),
      );
      expect(outOfStockOrders.size).toBeGreaterThan(0);
      expect(refunds.map((r) => r.order_no).sort()).toEqual([...outOfStockOrders].sort());
      for (const refund of refunds) expect(refund).toMatchObject({ n: 1, amount: "25.80" });
      expect(resolved).toBe(refunds.length);

      // The rollups, folded, equal a rebuild from the complaints.
      await foldRollups({ db: testDb });
      const snapshot = () =>
        testDb.$queryRaw<object[]>`SELECT * FROM complaint_stats_daily ORDER BY day, category, region, tier, group_id`;
      const folded = await snapshot();
      await testDb.$executeRaw`SELECT kesu_rebuild_rollups()`;
      expect(await snapshot()).toEqual(folded);

      // `npm run load` keeps its run, with the machine, for the README to point at.
      if (process.env.LOAD_RESULTS_FILE) {
        const machine = {
          cores: cpus().length,
          cpu: cpus()[0]?.model ?? "",
          memoryGiB: Math.round(totalmem() / 2 ** 30),
          node: process.version,
          at: new Date().toISOString(),
        };
        const answers = Object.fromEntries(statuses);
        const result = {
          machine,
          submissions: SUBMISSIONS,
          concurrency: CONCURRENCY,
          seconds: Math.round(seconds * 10) / 10,
          answers,
          refundedOrders: refunds.length,
        };
        writeFileSync(process.env.LOAD_RESULTS_FILE, `${JSON.stringify(result, null, 2)}\n`);
      }
    },
    Math.max(120_000, SUBMISSIONS * 200),
  );
});
