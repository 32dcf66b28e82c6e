import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { consumeRateLimit, forgetCachedRateLimits } from "../../lib/rate-limit/consume-rate-limit";
import { updateRateLimits } from "../../lib/rate-limit/manage-rate-limits";
import { RATE_LIMITS } from "../../lib/rate-limit/rate-limit-rules";
import { readSetting } from "../../lib/app-settings";
import { resetData, rowCounts, testDb } from "../support/db-helpers";
import { orderBody, shopApi } from "../support/shop-api";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(async () => {
  await resetData();
  forgetCachedRateLimits();
});

const minute = { limit: 3, windowMinutes: 1 };
const at = (iso: string) => new Date(iso);

async function setLimits(change: (value: typeof RATE_LIMITS.defaults) => void) {
  const admin = await createStaff({ role: "admin" });
  const { value, version } = await readSetting({ db: testDb, setting: RATE_LIMITS });
  change(value);
  await updateRateLimits({ db: testDb, actor: admin, input: value, expectedVersion: version });
}

describe("rate limits in PostgreSQL", () => {
  it("counts a sliding window: the previous window weighs by how much of it still overlaps", async () => {
    const hit = (iso: string) =>
      consumeRateLimit({ db: testDb, rule: "faq_customer", subject: "c1", limits: minute, now: at(iso) });
    for (const second of ["00", "10", "20"]) expect((await hit(`2026-11-30T10:00:${second}Z`)).allowed).toBe(true);
    const refused = await hit("2026-11-30T10:00:30Z");
    expect(refused).toMatchObject({ allowed: false, limit: 3 });
    // 4 hits in the window: the estimate falls to 3 only once ~¼ of the next window has passed.
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(30);
    expect(refused.retryAfterSeconds).toBeLessThanOrEqual(46);
    // Three quarters into the next window the old hits weigh 1, so two more fit, not three.
    expect((await hit("2026-11-30T10:01:45Z")).allowed).toBe(true);
    expect((await hit("2026-11-30T10:01:46Z")).allowed).toBe(true);
    expect((await hit("2026-11-30T10:01:47Z")).allowed).toBe(false);
    // Other subjects and rules count on their own.
    expect(
      (
        await consumeRateLimit({
          db: testDb,
          rule: "faq_customer",
          subject: "c2",
          limits: minute,
          now: at("2026-11-30T10:01:47Z"),
        })
      ).allowed,
    ).toBe(true);
  });

  it("is exact under parallel hits, and stores no subject in clear", async () => {
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        consumeRateLimit({
          db: testDb,
          rule: "sign_in_ip",
          subject: "203.0.113.77",
          limits: { limit: 7, windowMinutes: 15 },
          now,
        }),
      ),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(7);
    const rows = await testDb.rateLimitHit.findMany();
    expect(rows.some((r) => r.bucket.includes("203.0.113.77"))).toBe(false);
  });

  it("holds across app processes: hits counted by another process refuse here", async () => {
    const run = promisify(execFile);
    const { stdout } = await run("npx", [
      "tsx",
      "tests/support/rate-limit-child.ts",
      process.env.DATABASE_URL!,
      "customer-x",
      "4",
    ]);
    expect(stdout.trim()).toBe("allowed 4");
    // The default is 6 per 12 h: two more fit here, the third does not.
    const here = [];
    for (let i = 0; i < 3; i += 1)
      here.push((await consumeRateLimit({ db: testDb, rule: "h5_complaint_customer", subject: "customer-x" })).allowed);
    expect(here).toEqual([true, true, false]);
  }, 60_000);

  it("keeps its hits in an unlogged table (no WAL, no flush to wait for on every request)", async () => {
    const [table] = await testDb.$queryRaw<{ persistence: string }[]>`
      SELECT relpersistence::text AS persistence FROM pg_class WHERE oid = 'rate_limit_hits'::regclass`;
    expect(table).toEqual({ persistence: "u" });
  });

  it("spreads the shop key's hits over shard rows and still counts them all", async () => {
    await setLimits((value) => (value.shop_api_key = { limit: 40, windowMinutes: 1 }));
    const now = new Date();
    const decisions = [];
    for (let i = 0; i < 45; i += 1)
      decisions.push(await consumeRateLimit({ db: testDb, rule: "shop_api_key", subject: "k", now }));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(40);
    expect(await testDb.rateLimitHit.count({ where: { bucket: { startsWith: "shop_api_key:" } } })).toBeGreaterThan(1);
  });

  it("answers the shop API with 429 problem+json and Retry-After beyond the key's limit, before doing anything", async () => {
    await setLimits((value) => (value.shop_api_key = { limit: 2, windowMinutes: 1 }));
    expect((await shopApi.putOrder("SO-RL-1", orderBody())).status).toBe(201);
    expect((await shopApi.putOrder("SO-RL-2", orderBody())).status).toBe(201);
    const refused = await shopApi.putOrder("SO-RL-3", orderBody(), { headers: { "accept-language": "en" } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      code: "rate_limited",
      status: 429,
      title: expect.stringMatching(/^Too many attempts/),
    });
    expect(await testDb.order.count({ where: { orderNo: "SO-RL-3" } })).toBe(0);
    // A wrong key is refused as unauthenticated and counts nothing.
    expect((await shopApi.putOrder("SO-RL-4", orderBody(), { key: "wrong" })).status).toBe(401);
  });

  it("counts intake's hit in its context read: a repeat and an unknown order count, the refused one writes nothing", async () => {
    await shopApi.putOrder("SO-RL-1", orderBody());
    // Five in the window: the order's PUT and the four requests below.
    await setLimits((value) => (value.shop_api_key = { limit: 5, windowMinutes: 1 }));
    const body = { orderNo: "SO-RL-1", category: "product.quality", description: "芒果烂了" };
    expect((await shopApi.postComplaint(body, { idempotencyKey: "rl-1" })).status).toBe(201);
    // A repeat of the same request is answered from the first complaint, and still counted.
    const again = await shopApi.postComplaint(body, { idempotencyKey: "rl-1" });
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await shopApi.postComplaint({ ...body, orderNo: "SO-NOPE" }, { idempotencyKey: "rl-2" })).status).toBe(404);
    expect((await shopApi.postComplaint(body, { idempotencyKey: "rl-3" })).status).toBe(201);
    const before = await rowCounts();
    const refused = await shopApi.postComplaint(body, { idempotencyKey: "rl-4" });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await refused.json()).code).toBe("rate_limited");
    // Refused before anything of the complaint was written (the hit itself is the only write).
    expect(await rowCounts()).toEqual(before);
    const hits = await testDb.rateLimitHit.aggregate({
      where: { bucket: { startsWith: "shop_api_key:" } },
      _sum: { hits: true },
    });
    // The order's PUT, three complaints, the unknown order, the refused one.
    expect(hits._sum.hits).toBe(6);
  });

  it("settings are validated, audited and versioned", async () => {
    const admin = await createStaff({ role: "admin" });
    const { value, version } = await readSetting({ db: testDb, setting: RATE_LIMITS });
    await expect(
      updateRateLimits({
        db: testDb,
        actor: admin,
        input: { ...value, faq_customer: { limit: 0, windowMinutes: 10 } },
        expectedVersion: version,
      }),
    ).rejects.toThrow();
    await updateRateLimits({
      db: testDb,
      actor: admin,
      input: { ...value, faq_customer: { limit: 5, windowMinutes: 10 } },
      expectedVersion: version,
    });
    await expect(
      updateRateLimits({ db: testDb, actor: admin, input: value, expectedVersion: version }),
    ).rejects.toMatchObject({ code: "stale_settings" });
    expect(await testDb.auditLog.count({ where: { action: "settings.rate_limits" } })).toBe(1);
  });
});
