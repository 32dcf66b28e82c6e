import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../../lib/generated/prisma/client";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { estimateCommonTextMatches } from "../../lib/complaints/queue/text-search-estimate";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { queuePages } from "../support/queue-pages";
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

const pages = (params: Record<string, string>, rareMatches: number, actor: StaffActor = supervisor) =>
  queuePages({ actor, params, rareMatches, now });

const walks = (statements: string[]) => statements.filter((sql) => sql.includes("ORDER BY c.k"));
const probes = (statements: string[]) => statements.filter((sql) => sql.includes("MATERIALIZED"));

describe("text search the statistics call common", () => {
  it("estimates from the rarest pair of characters of each word, words independent", async () => {
    const estimate = (q: string, where = [Prisma.sql`TRUE`], atLeast = 0) =>
      estimateCommonTextMatches({ db: testDb, q, where, atLeast });
    // 9 of the 12 complaints hold every pair of 缺斤少两 (the planner would multiply three shares).
    expect(await estimate("缺斤少两")).toBe(9);
    // Two words: 苹果 (9 of 12), 缺斤少两 as 缺斤 (9 of 12): 12 × ¾ × ¾, rounded.
    expect(await estimate("苹果 缺斤少两")).toBe(7);
    // Not common enough, a pair rarer than every term in the statistics, no words: no estimate.
    expect(await estimate("缺斤少两", undefined, 10)).toBeNull();
    expect(await estimate("香蕉")).toBeNull();
    expect(await estimate("！？")).toBeNull();
    // Only the complaints the rest of the filter admits.
    expect(await estimate("缺斤少两", [Prisma.sql`c.region = '拉萨'`])).toBeLessThanOrEqual(1);
  });

  it("walks for each page and counts by the estimate, with the same pages as the exact way, in every order", async () => {
    const outsider = await createStaff({ role: "agent", groupCodes: ["delivery"] });
    const views: [StaffActor, Record<string, string>][] = [
      [supervisor, { q: "缺斤少两" }],
      [supervisor, { q: "缺斤少两", dir: "asc" }],
      [supervisor, { q: "缺斤少两", sort: "sla", dir: "asc" }],
      [supervisor, { q: "缺斤少两", sort: "priority" }],
      [supervisor, { q: "缺斤少两", sort: "updated" }],
      [outsider, { q: "缺斤少两" }],
    ];
    for (const [actor, params] of views) {
      const label = JSON.stringify([actor.role, params]);
      // rareMatches 0: every estimate is "common" (4 × 0), so the walk goes first.
      const walked = await pages(params, 0, actor);
      const exact = await pages(params, 1_000, actor);
      expect(
        walked.seen.map((p) => p.ids),
        label,
      ).toEqual(exact.seen.map((p) => p.ids));
      expect(probes(exact.statements).length, label).toBe(exact.seen.length);
      expect(walks(exact.statements), label).toHaveLength(0);
      if (actor === outsider) {
        expect(exact.seen, label).toEqual([{ ids: [], total: 0, estimated: false, capped: false }]);
        continue;
      }
      expect(
        exact.seen.flatMap((p) => p.ids),
        label,
      ).toHaveLength(9);
      expect(exact.seen[0], label).toMatchObject({ total: 9, estimated: false, capped: false });
      if (params.sort === "updated") {
        // No index keeps that order: never walked, the probe and PostgreSQL's own plan answer.
        expect(walks(walked.statements), label).toHaveLength(0);
        continue;
      }
      // Each full page was found by the walk and counted by the estimate. The last page (9 = 2 × 4
      // + 1) is not full: its walk found no page, the probe said "more than 0", and PostgreSQL's
      // own plan read it.
      expect(walked.seen[0], label).toMatchObject({ total: 9, estimated: true });
      expect(probes(walked.statements), label).toHaveLength(1);
      expect(walks(walked.statements), label).toHaveLength(walked.seen.length);
    }
  });

  it("walks first from an estimate of four times the rare matches", async () => {
    // 9 estimated: walked first with 2 (4 × 2 = 8), probed first with 3 (12).
    const first = (statements: string[]) =>
      statements.find((sql) => sql.includes("ORDER BY c.k") || sql.includes("MATERIALIZED"));
    const walkedFirst = await pages({ q: "缺斤少两" }, 2);
    expect(first(walkedFirst.statements)).toContain("ORDER BY c.k");
    expect(walkedFirst.seen[0]).toMatchObject({ total: 9, estimated: true });
    const probedFirst = await pages({ q: "缺斤少两" }, 3);
    expect(first(probedFirst.statements)).toContain("MATERIALIZED");
    expect(probedFirst.seen.map((p) => p.ids)).toEqual(walkedFirst.seen.map((p) => p.ids));
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
      // One page each, too short for a walk to fill it: the probe answered.
      expect(probes(walked.statements), q).toHaveLength(1);
    }
  });
});
