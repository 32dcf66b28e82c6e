import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../lib/generated/prisma/client";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { listQueue } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { estimateTextMatches } from "../../lib/complaints/queue/text-search-estimate";
import { fileTestComplaint } from "../support/complaints";
import { recordingQueries, resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

const now = new Date("2026-11-22T12:00:00+08:00");
let supervisor: StaffActor;

beforeAll(async () => {
  await resetData();
  supervisor = await createStaff({ role: "supervisor" });
  const texts = [
    ...Array.from({ length: 9 }, (_, i) => `苹果缺斤少两，少了${i + 2}两`),
    "芒果发霉了，要求退款",
    "配送太慢，送到时菜都蔫了",
    "客服态度差",
  ];
  for (const [i, description] of texts.entries())
    await fileTestComplaint({ description, now: new Date(now.getTime() - (i + 1) * 60_000) });
  // The estimate reads PostgreSQL's statistics on the stored tsvector.
  await testDb.$executeRaw`ANALYZE complaints`;
});

/** Every page of a view, and every statement the queue sent for it. */
async function pages(params: Record<string, string>, rareMatches: number) {
  const { db: recording, statements } = recordingQueries();
  const seen: { ids: string[]; total: number; estimated: boolean; capped: boolean }[] = [];
  let after: string | undefined;
  do {
    const page = await listQueue({
      db: recording,
      actor: supervisor,
      filter: parseQueueFilter({ ...params, ...(after ? { after } : {}) }),
      now,
      pageSize: 2,
      rareMatches,
    });
    seen.push({
      ids: page.rows.map((r) => r.id),
      total: page.total,
      estimated: page.totalEstimated,
      capped: page.totalCapped,
    });
    after = page.nextCursor ?? undefined;
  } while (after);
  return { seen, statements };
}

describe("text search the statistics call common", () => {
  it("estimates from the rarest character of each word, words independent", async () => {
    const where = [Prisma.sql`TRUE`];
    const shortWeight = await estimateTextMatches({ db: testDb, q: "缺斤少两", where });
    // 9 of the 12 complaints hold every character of 缺斤少两 (the planner would multiply four shares).
    expect(shortWeight).toBe(9);
    // Two words, each in 9 of 12: 12 × ¾ × ¾, rounded.
    expect(await estimateTextMatches({ db: testDb, q: "苹果 缺斤少两", where })).toBe(7);
    expect(await estimateTextMatches({ db: testDb, q: "", where })).toBeNull();
    // Only the complaints the rest of the filter admits.
    const none = await estimateTextMatches({ db: testDb, q: "缺斤少两", where: [Prisma.sql`c.region = '拉萨'`] });
    expect(none).toBeLessThanOrEqual(1);
  });

  it("walks for a page and counts by the estimate, with the same pages as the exact way", async () => {
    // rareMatches 0: every estimate is "common" (20 × 0), so the walk goes first.
    const walked = await pages({ q: "缺斤少两" }, 0);
    const exact = await pages({ q: "缺斤少两" }, 1_000);
    expect(walked.seen.map((p) => p.ids)).toEqual(exact.seen.map((p) => p.ids));
    expect(exact.seen.flatMap((p) => p.ids)).toHaveLength(9);
    expect(exact.seen[0]).toMatchObject({ total: 9, estimated: false, capped: false });
    // The walk found each full page and the count is the estimate; only the last page (9 = 2 × 4
    // + 1) is not full, so only there did the GIN probe answer.
    expect(walked.seen[0]).toMatchObject({ total: 9, estimated: true });
    expect(walked.statements.filter((sql) => sql.includes("MATERIALIZED"))).toHaveLength(1);
  });

  it("falls back to the probe when the walk finds no full page", async () => {
    for (const q of ["芒果 发霉", "配送", "香蕉"]) {
      const walked = await pages({ q }, 0);
      const exact = await pages({ q }, 1_000);
      expect(
        walked.seen.map((p) => p.ids),
        q,
      ).toEqual(exact.seen.map((p) => p.ids));
      expect(exact.seen[0]!.total, q).toBe(exact.seen.flatMap((p) => p.ids).length);
    }
  });
});
