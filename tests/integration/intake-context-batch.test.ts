import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIntakeContext } from "../../lib/complaints/intake-context";
import { isAppError } from "../../lib/errors";
import { metrics } from "../../lib/metrics/registry";
import { histogramTotals } from "../support/metrics";
import { pendingHit } from "../../lib/rate-limit/consume-rate-limit";
import { MAX_RECENT_COMPLAINTS } from "../../lib/triage/handling-rules";
import { resetData, testDb } from "../support/db-helpers";
import { orderBody, shopApi } from "../support/shop-api";

/**
 * Intake's context read is grouped (lib/complaints/intake-context.ts): reads asked in one turn of
 * the event loop, or while one is in flight, go to PostgreSQL together. Each must still get exactly
 * its own answer — its order, customer, FAQ, repeat — and the rate-limit hits must count as if the
 * reads had come one after another, whether the earlier ones were in the same statement or in one
 * already committed.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });

beforeAll(async () => {
  await resetData();
  expect((await shopApi.putOrder("SO-CTX-ZH", orderBody())).status).toBe(201);
  const en = orderBody({
    customer: { ...orderBody().customer, externalId: "CU-EN", tier: "vip", region: "北京" },
    deliveredAt: "2026-11-22T10:00:00+08:00",
  });
  expect((await shopApi.putOrder("SO-CTX-EN", en)).status).toBe(201);
  await testDb.customer.update({ where: { externalId: "CU-EN" }, data: { locale: "en" } });
  await testDb.faqEntry.createMany({
    data: [
      { question: "芒果坏了怎么办", answer: "拍照申请退款", locale: "zh-CN", searchTerms: "芒果 坏" },
      { question: "Rotten mango?", answer: "Send a photo", locale: "en", searchTerms: "rotten mango" },
      { question: "停用的", answer: "不该出现", locale: "zh-CN", searchTerms: "芒果", active: false },
    ],
  });
  const filed = await shopApi.postComplaint(
    { orderNo: "SO-CTX-ZH", category: "product.quality", description: "芒果烂了" },
    { idempotencyKey: "ctx-first" },
  );
  expect(filed.status).toBe(201);
});
afterAll(async () => {
  await pool.end();
  await testDb.$disconnect();
});

async function readBatches() {
  const { sum, count } = await histogramTotals(metrics().intakeReadBatch);
  return { reads: sum, statements: count };
}

const minute = { limit: 5, windowMinutes: 1 };

/** A read of order SO-CTX-ZH: "read", or "limited" when its rate-limit hits are refused. */
async function readOrLimited(
  input: Pick<Parameters<typeof readIntakeContext>[0], "now" | "idempotencyKey" | "rateLimit">,
) {
  try {
    await readIntakeContext({ pool, orderNo: "SO-CTX-ZH", withFaq: false, ...input });
    return "read";
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limited") return "limited";
    throw error;
  }
}

describe("intake's grouped context read", () => {
  it("answers every read in a shared statement with its own order, customer, FAQ and repeat", async () => {
    const now = new Date();
    const read = (orderNo: string, { withFaq = true, key = null as string | null } = {}) =>
      readIntakeContext({ pool, orderNo, withFaq, now, idempotencyKey: key });
    const before = await readBatches();
    const [zh, en, enNoFaq, unknown, repeat] = await Promise.all([
      read("SO-CTX-ZH", { key: "api:ctx-first-other" }),
      read("SO-CTX-EN"),
      read("SO-CTX-EN", { withFaq: false }),
      read("SO-NONE"),
      read("SO-CTX-ZH", { key: "api:ctx-first" }),
    ]);
    const after = await readBatches();
    expect(after.reads - before.reads).toBe(5);
    // Asked in one turn of the event loop, the five share one statement (lib/db-statement-group.ts).
    expect(after.statements - before.statements).toBe(1);

    expect(zh.context).toMatchObject({
      order: { orderNo: "SO-CTX-ZH", region: "上海" },
      customer: { tier: "normal", locale: "zh-CN" },
      history: { recentComplaints: 1, repeatContact: true },
      autoRefunded: false,
    });
    expect(zh.context!.faq.map((f) => f.question)).toEqual(["芒果坏了怎么办"]);
    expect(zh.replay).toBeNull();
    expect(en.context).toMatchObject({
      order: { orderNo: "SO-CTX-EN", region: "北京" },
      customer: { tier: "vip", locale: "en" },
      history: { recentComplaints: 0, repeatContact: false },
    });
    expect(en.context!.order.deliveredAt).toEqual(new Date("2026-11-22T02:00:00Z"));
    expect(zh.context!.order.deliveredAt).toBeNull();
    expect(en.context!.faq.map((f) => f.question)).toEqual(["Rotten mango?"]);
    expect(enNoFaq.context!.faq).toEqual([]);
    expect(unknown).toEqual({ context: null, replay: null });
    const first = await testDb.complaint.findUniqueOrThrow({ where: { idempotencyKey: "api:ctx-first" } });
    expect(repeat.replay).toEqual({ id: first.id, requestHash: first.requestHash });
    // What every read shares is the same as a read alone gets.
    const alone = await read("SO-CTX-EN");
    for (const part of ["groups", "policies", "rules", "experiments", "vipChannel"] as const)
      expect(en.context![part]).toEqual(alone.context![part]);
    expect(en.context!.groups.vip?.code).toBe("vip");
  });

  it("counts the hits of a shared statement as if one after another: exactly the limit passes", async () => {
    const now = new Date();
    const hit = () => pendingHit({ db: testDb, rule: "shop_api_key", subject: "ctx-limit", limits: minute, now });
    const readAt = async (i: number) => {
      // Two are repeats of the filed complaint that do not count their hits (the H5 form's way).
      const repeat = i === 3 || i === 7;
      return readOrLimited({
        now,
        idempotencyKey: repeat ? "api:ctx-first" : `api:ctx-limit-${i}`,
        rateLimit: { hits: [await hit()], countRepeats: !repeat },
      });
    };
    // The first alone and committed, then the other eight in one statement: its earlier hits are
    // counted from the table, the statement's own earlier ones from within it.
    const first = await readAt(0);
    const outcomes = [first, ...(await Promise.all(Array.from({ length: 8 }, (_, i) => readAt(i + 1))))];
    // Seven counted hits against a limit of five: the first five pass, the last two are refused;
    // the two repeats are answered whatever the count.
    expect(outcomes).toEqual(["read", "read", "read", "read", "read", "read", "limited", "read", "limited"]);
    const { bucket } = await hit();
    const counted = await testDb.rateLimitHit.aggregate({ where: { bucket }, _sum: { hits: true } });
    expect(counted._sum.hits).toBe(7);
    // At most one row per statement (the first read went alone): the shared statement put all its
    // hits on one shard of the 64.
    const rows = await testDb.rateLimitHit.count({ where: { bucket } });
    expect(rows).toBeLessThanOrEqual(2);
  });

  it("counts a shared statement's earlier hits in the next window's previous one, each request at its own time and bucket", async () => {
    const limits = { limit: 3, windowMinutes: 1 };
    const at = ["2026-11-30T10:00:59.000Z", "2026-11-30T10:00:59.500Z", ...Array(3).fill("2026-11-30T10:01:00.500Z")];
    // Two hits per request, as the H5 form has: the shop-key-like bucket judged here, and an
    // address bucket with room to spare that must count on its own.
    const hitsAt = (now: Date) =>
      Promise.all([
        pendingHit({ db: testDb, rule: "shop_api_key", subject: "ctx-window", limits, now }),
        pendingHit({
          db: testDb,
          rule: "h5_complaint_ip",
          subject: "ctx-address",
          limits: { limit: 100, windowMinutes: 1 },
          now,
        }),
      ]);
    const readAt = async (iso: string, i: number) => {
      const now = new Date(iso);
      const hits = await hitsAt(now);
      return readOrLimited({ now, idempotencyKey: `api:ctx-window-${i}`, rateLimit: { hits, countRepeats: true } });
    };
    const first = await readAt(at[0]!, 0);
    const outcomes = [first, ...(await Promise.all(at.slice(1).map((iso, i) => readAt(iso, i + 1))))];
    // The first read went alone; the second (10:00:59.5) shares the statement with the three of
    // the next window, whose previous window then holds two hits: 1 + 2 × (59.5/60) ≤ 3 passes,
    // 2 + 1.98 and 3 + 1.98 do not. Without the statement's own earlier hit the fourth would pass.
    expect(outcomes).toEqual(["read", "read", "read", "limited", "limited"]);
    const [shop, address] = await hitsAt(new Date(at[4]!));
    for (const { bucket } of [shop!, address!]) {
      const counted = await testDb.rateLimitHit.aggregate({ where: { bucket }, _sum: { hits: true } });
      expect(counted._sum.hits).toBe(5);
    }
  });

  it("counts a customer's recent complaints up to the most a rule may ask for, then stops", async () => {
    // A wave on one customer: past the cap, each read must not count further (it would scan them all).
    const read = () =>
      readIntakeContext({ pool, orderNo: "SO-CTX-EN", withFaq: false, now: new Date(), idempotencyKey: null });
    const file = (i: number) =>
      shopApi.postComplaint(
        { orderNo: "SO-CTX-EN", category: "delivery.late", description: `第${i}次迟到` },
        { idempotencyKey: `ctx-wave-${i}` },
      );
    for (let i = 0; i < MAX_RECENT_COMPLAINTS - 1; i += 1) expect((await file(i)).status).toBe(201);
    expect((await read()).context!.history.recentComplaints).toBe(MAX_RECENT_COMPLAINTS - 1);
    for (let i = MAX_RECENT_COMPLAINTS - 1; i < MAX_RECENT_COMPLAINTS + 3; i += 1)
      expect((await file(i)).status).toBe(201);
    expect((await read()).context!.history.recentComplaints).toBe(MAX_RECENT_COMPLAINTS);
  });
});
