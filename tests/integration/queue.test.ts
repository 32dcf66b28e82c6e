import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { listQueue } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter, queueQueryString, type QueueFilter } from "../../lib/complaints/queue/queue-filter";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { queuePages } from "../support/queue-pages";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

const now = new Date("2026-11-22T12:00:00+08:00");
let productAgent: StaffActor;
let supervisor: StaffActor;
const ids: Record<string, string> = {};

beforeAll(async () => {
  await resetData();
  productAgent = await createStaff({ role: "agent", groupCodes: ["product"] });
  supervisor = await createStaff({ role: "supervisor" });
  const minutes = (m: number) => new Date(now.getTime() + m * 60_000);
  ids.rotten = (
    await fileTestComplaint({
      category: "product.quality",
      description: "收到的芒果烂了一半，要求退款",
      now: minutes(-20),
    })
  ).id; // high: due in 10 min
  ids.short = (
    await fileTestComplaint({
      category: "product.short_weight",
      description: "苹果缺斤少两，只有4.3kg",
      now: minutes(-200),
      tier: "vip",
      region: "北京",
    })
  ).id; // breached
  ids.late = (
    await fileTestComplaint({
      category: "delivery.late",
      description: "配送晚了三个小时",
      now: minutes(-10),
      region: "北京",
    })
  ).id;
  ids.rude = (
    await fileTestComplaint({ category: "service.attitude", description: "配送员态度很差", now: minutes(-5) })
  ).id;
  for (let i = 0; i < 7; i += 1)
    ids[`bulk${i}`] = (
      await fileTestComplaint({
        category: "product.mismatch",
        description: `图片与实物不符 ${i}`,
        now: minutes(-60 - i),
      })
    ).id;
});

const list = (actor: StaffActor, params: Record<string, string> = {}, pageSize?: number) =>
  listQueue({ db: testDb, actor, filter: parseQueueFilter(params), now, pageSize });

describe("the queue", () => {
  it("shows agents only their groups' complaints, supervisors all", async () => {
    const agentIds = (await list(productAgent, {}, 100)).rows.map((r) => r.id);
    expect(agentIds).toHaveLength(8);
    expect(agentIds).not.toContain(ids.late);
    expect(agentIds).not.toContain(ids.rude);
    // A VIP's short weight is on the VIP line, not the product group's.
    expect(agentIds).not.toContain(ids.short);
    expect((await list(supervisor, {}, 100)).total).toBe(11);
  });

  it("pages by keyset through every row exactly once, in order, for every sort", async () => {
    for (const sort of ["created", "sla", "priority", "updated"] as const) {
      for (const dir of ["asc", "desc"] as const) {
        const seen: string[] = [];
        let after: string | undefined;
        do {
          const page = await list(supervisor, { sort, dir, ...(after ? { after } : {}) }, 3);
          seen.push(...page.rows.map((r) => r.id));
          after = page.nextCursor ?? undefined;
        } while (after);
        expect(new Set(seen).size, `${sort} ${dir}`).toBe(11);
        expect(seen).toHaveLength(11);
      }
    }
    const bySla = (await list(supervisor, { sort: "sla", dir: "asc" }, 100)).rows;
    expect(bySla[0]!.id).toBe(ids.short);
  });

  it("filters by SLA state, VIP, region, category, group and created day", async () => {
    const idsOf = async (params: Record<string, string>) =>
      (await list(supervisor, params, 100)).rows.map((r) => r.id).sort();
    expect(await idsOf({ sla: "breached" })).toEqual([ids.short]);
    expect(await idsOf({ sla: "soon" })).toEqual([ids.rotten].sort());
    expect(await idsOf({ vip: "1" })).toEqual([ids.short]);
    expect(await idsOf({ region: "北京" })).toEqual([ids.short, ids.late].sort());
    expect(await idsOf({ category: "service.attitude,delivery.late" })).toEqual([ids.rude, ids.late].sort());
    expect(await idsOf({ group: "delivery" })).toEqual([ids.late]);
    expect(await idsOf({ from: "2026-11-23" })).toEqual([]);
    expect((await idsOf({ from: "2026-11-22", to: "2026-11-22" })).length).toBe(11);
  });

  it("finds Chinese text whole and in parts, and nothing for a word that is not there", async () => {
    const search = async (q: string) => (await list(supervisor, { q }, 100)).rows.map((r) => r.id).sort();
    expect(await search("芒果")).toEqual([ids.rotten]);
    expect(await search("缺斤")).toEqual([ids.short]);
    expect(await search("态度差")).toEqual([ids.rude]);
    expect(await search("配送")).toEqual([ids.late, ids.rude].sort());
    expect(await search("香蕉")).toEqual([]);
    expect(await search("！？")).toEqual([]);
  });

  it("answers word searches the same whether the matches are few (sorted whole) or many (date walk)", async () => {
    const views: [StaffActor, Record<string, string>][] = [
      [supervisor, { q: "芒果" }],
      [supervisor, { q: "配送" }],
      [supervisor, { q: "配送", category: "service.attitude" }],
      [supervisor, { q: "图片 实物", sort: "sla", dir: "asc" }],
      [supervisor, { keyword: "实物" }],
      [supervisor, { keyword: "实物", q: "图片", category: "product.mismatch" }],
      // An agent's scope applies on both ways: the product team sees neither 配送 complaint.
      [productAgent, { q: "芒果" }],
      [productAgent, { keyword: "实物", sort: "priority" }],
    ];
    for (const [actor, params] of views) {
      const pages = (rareMatches: number) => queuePages({ actor, params, rareMatches, now });
      const label = JSON.stringify([actor.role, params]);
      const few = await pages(1_000);
      expect(few.walked, label).toBe(false);
      expect(few.seen.flatMap((p) => p.ids).length, label).toBeGreaterThan(0);
      const many = await pages(0);
      expect(many.walked, label).toBe(true);
      expect(
        many.seen.map((p) => p.ids),
        label,
      ).toEqual(few.seen.map((p) => p.ids));
      // Few: counted exactly. Many: "more than 0", or the statistics' estimate (queue-text-estimate.test.ts).
      expect(few.seen[0]!.total, label).toBe(few.seen.flatMap((p) => p.ids).length);
    }
    const rude = await listQueue({
      db: testDb,
      actor: supervisor,
      filter: parseQueueFilter({ q: "配送", category: "service.attitude" }),
      now,
    });
    expect(rude.rows.map((r) => r.id)).toEqual([ids.rude]);
  });

  it("filters by assignee: mine, unassigned", async () => {
    await testDb.complaint.update({ where: { id: ids.rotten }, data: { assigneeId: productAgent.id } });
    expect((await list(productAgent, { assignee: "me" })).rows.map((r) => r.id)).toEqual([ids.rotten]);
    expect((await list(productAgent, { assignee: "none" }, 100)).rows.map((r) => r.id)).not.toContain(ids.rotten);
    await testDb.complaint.update({ where: { id: ids.rotten }, data: { assigneeId: null } });
  });

  it("ignores malformed URL values and cursors instead of failing", async () => {
    const filter: QueueFilter = parseQueueFilter({
      status: "bogus,new",
      sort: "drop table",
      after: "not-a-cursor",
      from: "yesterday",
      to: "2026-13-45",
      assignee: "x",
    });
    expect(filter).toMatchObject({
      status: ["new"],
      sort: undefined,
      from: undefined,
      to: undefined,
      assignee: undefined,
    });
    expect((await list(supervisor, { from: "2026-02-30", to: "2026-13-45" }, 100)).rows).toHaveLength(11);
    const forged = Buffer.from(JSON.stringify(["'; drop table complaints; --", ids.rotten])).toString("base64url");
    expect((await list(supervisor, { after: forged }, 100)).rows).toHaveLength(11);
    expect(queueQueryString(parseQueueFilter({ status: ["new", "processing"], q: "芒果" }))).toBe(
      "status=new%2Cprocessing&q=%E8%8A%92%E6%9E%9C",
    );
  });
});

describe("queue cursors", () => {
  it("accept only values the sort column can take", async () => {
    const { decodeCursor, encodeCursor } = await import("../../lib/complaints/queue/list-queue");
    const id = "8c9e8667-dd77-4c31-9899-c0754feeb1c0";
    expect(decodeCursor(encodeCursor({ key: "2026-11-22 03:12:00.391+00", id }), "created")).toEqual({
      key: "2026-11-22 03:12:00.391+00",
      id,
    });
    expect(decodeCursor(encodeCursor({ key: "infinity", id }), "sla")).not.toBeNull();
    expect(decodeCursor(encodeCursor({ key: "2026-02-30 03:12:00+00", id }), "created")).toBeNull();
    expect(decodeCursor(encodeCursor({ key: "high", id }), "created")).toBeNull();
    expect(decodeCursor(encodeCursor({ key: "high", id }), "priority")).not.toBeNull();
    expect(decodeCursor(encodeCursor({ key: "high", id: "1" }), "priority")).toBeNull();
  });
});
