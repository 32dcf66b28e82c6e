import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readIntakeContext } from "../../lib/complaints/intake-context";
import { pendingHit } from "../../lib/rate-limit/consume-rate-limit";
import { resetData, testDb } from "../support/db-helpers";
import { orderBody, shopApi } from "../support/shop-api";

/**
 * Intake's context read is prepared once per connection and should be planned once: PostgreSQL
 * keeps a generic plan only when it does not look dearer than one planned for the actual values.
 * When the rate-limit hits first joined this statement (as arrays, guessed at ten rows each), it
 * was planned again on every execution — about 1 ms of PostgreSQL's CPU per complaint at 1 M
 * complaints. One connection, so the statement's plan counts are visible to it.
 */
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });

beforeAll(async () => {
  await resetData();
  expect((await shopApi.putOrder("SO-PLAN", orderBody())).status).toBe(201);
});
afterAll(async () => {
  await pool.end();
  await testDb.$disconnect();
});

describe("intake's context read", () => {
  it("settles on a generic plan, with one hit (the API) and with two (the H5 form)", async () => {
    for (let i = 0; i < 12; i += 1) {
      const hits = await Promise.all(
        (i % 2 ? ["h5_complaint_customer", "h5_complaint_ip"] : ["shop_api_key"]).map((rule) =>
          pendingHit({ db: testDb, rule: rule as "shop_api_key", subject: `plan-${i}` }),
        ),
      );
      const { context } = await readIntakeContext({
        pool,
        orderNo: i % 3 ? "SO-PLAN" : "SO-NONE",
        withFaq: i % 2 === 0,
        now: new Date(),
        idempotencyKey: `plan:${i}`,
        rateLimit: { hits, countRepeats: i % 2 === 0 },
      });
      expect(context === null).toBe(i % 3 === 0);
    }
    const { rows } = await pool.query<{ generic: string; custom: string }>(
      `SELECT generic_plans AS generic, custom_plans AS custom FROM pg_prepared_statements WHERE name = 'kesu_intake_context'`,
    );
    // PostgreSQL tries five custom plans first, then compares.
    expect(rows[0]).toEqual({ generic: "7", custom: "5" });
  });
});
