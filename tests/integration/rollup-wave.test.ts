import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { foldRollups } from "../../lib/dashboard/fold-rollups";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";

/**
 * A wave of complaints on one day, category, region, tier and group (a rotten batch of durians in
 * one city) must not queue behind one rollup row: intake appends rollup deltas, a folder moves
 * them, and every count stays exact (issue 14).
 */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const admin = {
  id: "00000000-0000-4000-8000-00000000000a",
  email: "admin@kesu",
  name: "管理员",
  role: "admin" as const,
  groupIds: [],
};

async function rollupTables() {
  const stats = await testDb.$queryRaw<
    object[]
  >`SELECT * FROM complaint_stats_daily ORDER BY day, category, region, tier, group_id`;
  const words = await testDb.$queryRaw<
    object[]
  >`SELECT * FROM complaint_keywords_daily ORDER BY day, category, region, tier, group_id, keyword`;
  const months = await testDb.$queryRaw<
    object[]
  >`SELECT * FROM complaint_keywords_monthly ORDER BY day, category, region, tier, group_id, keyword`;
  // Sums of seconds are floats, added in another order by a rebuild: compared to the millisecond.
  const statMonths = await testDb.$queryRaw<
    object[]
  >`SELECT day, category, region, tier, group_id, complaints, responded, round(first_response_seconds::numeric, 3) AS first_response_seconds, resolved, round(handling_seconds::numeric, 3) AS handling_seconds, breached, csat_count, csat_sum, csat_good, nps_count, promoters, detractors
    FROM complaint_stats_monthly ORDER BY day, category, region, tier, group_id`;
  return { stats, words, months, statMonths };
}

describe("rollups under a wave", () => {
  it("an intake is not held up by another intake on the same rollup row that has not committed", async () => {
    const first = await fileTestComplaint({ category: "product.quality", description: "榴莲发霉了", region: "南京" });
    const open = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await open.connect();
    try {
      // Another intake on the same day, category, region, tier and group, left uncommitted: its
      // trigger has run. With rollup rows upserted in the transaction it would hold their locks.
      await open.query("BEGIN");
      // Every column but the generated ones (search_vector), which PostgreSQL fills itself.
      const { rows } = await open.query<{ columns: string }>(
        `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS columns FROM pg_attribute
         WHERE attrelid = 'complaints'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
      );
      const columns = rows[0]!.columns;
      await open.query(
        `INSERT INTO complaints (${columns}) SELECT ${columns} FROM jsonb_populate_record(NULL::complaints, (SELECT to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'idempotency_key', NULL) FROM complaints c WHERE c.id = $1))`,
        [first.id],
      );
      const started = Date.now();
      const filed = await Promise.race([
        fileTestComplaint({ category: "product.quality", description: "榴莲发霉了", region: "南京" }).then(
          () => "filed",
        ),
        new Promise((resolve) => setTimeout(() => resolve("blocked"), 5_000)),
      ]);
      expect(filed).toBe("filed");
      expect(Date.now() - started).toBeLessThan(5_000);
      await open.query("COMMIT");
    } finally {
      await open.query("ROLLBACK").catch(() => undefined);
      await open.end();
    }
    // Three complaints, counted exactly, before and after folding.
    const { filter } = parseDashboardFilter({}, new Date());
    expect((await loadDashboard({ db: testDb, actor: admin, filter })).totals.complaints).toBe(3);
    expect(await foldRollups({ db: testDb })).toBeGreaterThan(0);
    expect((await loadDashboard({ db: testDb, actor: admin, filter })).totals.complaints).toBe(3);
    expect(await testDb.complaintStatsDelta.count()).toBe(0);
  });

  it("a wave filed while folds run concurrently ends exactly where a rebuild from the complaints does", async () => {
    let folding = true;
    const folder = (async () => {
      let folds = 0;
      while (folding) {
        await foldRollups({ db: testDb });
        folds += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return folds;
    })();
    const descriptions = ["榴莲发霉了", "榴莲坏了，有异味", "榴莲不新鲜", "榴莲发霉，要退款"];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fileTestComplaint({ category: "product.quality", description: descriptions[i % 4], region: "南京" }),
      ),
    );
    folding = false;
    expect(await folder).toBeGreaterThan(0);
    // Counted while unfolded deltas remain: the readers add both.
    const { filter } = parseDashboardFilter({}, new Date());
    expect((await loadDashboard({ db: testDb, actor: admin, filter })).totals.complaints).toBe(40);
    await foldRollups({ db: testDb });
    const folded = await rollupTables();
    await testDb.$executeRaw`SELECT kesu_rebuild_rollups()`;
    expect(await rollupTables()).toEqual(folded);
  });
});
