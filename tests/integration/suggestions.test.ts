import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { upsertOrderSchema } from "../../lib/orders/order-schemas";
import { upsertOrder } from "../../lib/orders/upsert-order";
import { storeWeeklyReport, weeklyReportMarkdown } from "../../lib/reports/weekly-report";
import { countSuggestions } from "../../lib/suggestions/count-suggestions";
import {
  acknowledgeSuggestion,
  listSuggestions,
  parseSuggestionFilter,
  tagSuggestion,
  thankSuggestion,
} from "../../lib/suggestions/handle-suggestion";
import { listSessionSuggestions, submitSuggestion, suggestionSchema } from "../../lib/suggestions/submit-suggestion";
import { parseInput } from "../../lib/validation";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { signedInSession } from "../support/h5-sessions";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

let sequence = 0;
/** A customer with one order, through the real upsert. */
async function customerWithOrder({
  tier = "normal",
  region = "上海",
}: { tier?: "normal" | "vip"; region?: string } = {}) {
  sequence += 1;
  const orderNo = `SG${Date.now().toString(36)}${sequence}`;
  const input = upsertOrderSchema.parse({
    customer: { externalId: `CU-${orderNo}`, name: `客户${sequence}`, phone: "13900000001", tier, region },
    items: [{ sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", quantity: 1, unitPrice: "30.00" }],
    amount: "30.00",
    status: "delivered",
    placedAt: new Date(Date.now() - 3_600_000).toISOString(),
  });
  await upsertOrder({ db: testDb, orderNo, input, keyring: testKeyring() });
  const { customerId } = await testDb.order.findUniqueOrThrow({ where: { orderNo }, select: { customerId: true } });
  return { customerId, orderNo };
}

const input = (fields: Record<string, unknown>) =>
  parseInput(suggestionSchema, { submissionId: randomUUID(), ...fields });
const suggest = (customerId: string, fields: Record<string, unknown>, locale = "zh-CN") =>
  submitSuggestion({ db: testDb, customerId, locale, input: input(fields) });

describe("suggestions", () => {
  it("are filed once per submission, on the customer's own order or none, with no complaint, SLA or event", async () => {
    const a = await customerWithOrder();
    const b = await customerWithOrder();
    const submissionId = randomUUID();
    const fields = { text: "希望增加有机蔬菜的品类", orderNo: a.orderNo, submissionId };
    const first = await suggest(a.customerId, fields);
    // A double tap, a retried request, or two at once: one suggestion.
    const again = await Promise.all([1, 2, 3].map(() => suggest(a.customerId, fields)));
    expect(again.map((r) => r.id)).toEqual([first.id, first.id, first.id]);
    await expect(suggest(b.customerId, fields)).rejects.toMatchObject({ code: "idempotency_key_reused" });
    await expect(suggest(b.customerId, { text: "别人的订单", orderNo: a.orderNo })).rejects.toMatchObject({
      code: "order_not_found",
    });
    await suggest(b.customerId, { text: "App 里希望能按价格排序" }, "en");
    expect(await testDb.suggestion.count()).toBe(2);
    expect(await testDb.complaint.count()).toBe(0);
    expect(await testDb.outboxEvent.count()).toBe(0);
  });

  it("are shown back only within the H5 session's scope: its orders, and those it filed", async () => {
    const a = await customerWithOrder();
    // A second order of the same customer, and a session opened only for it (a forwarded link).
    const input2 = upsertOrderSchema.parse({
      customer: {
        externalId: (await testDb.customer.findUniqueOrThrow({ where: { id: a.customerId } })).externalId,
        name: "客户",
        region: "上海",
      },
      items: [{ sku: "FR-KIWI-12", name: "奇异果", quantity: 1, unitPrice: "20.00" }],
      amount: "20.00",
      status: "delivered",
      placedAt: new Date().toISOString(),
    });
    const otherOrderNo = `${a.orderNo}B`;
    await upsertOrder({ db: testDb, orderNo: otherOrderNo, input: input2, keyring: testKeyring() });
    const { session: first } = await signedInSession({ orderNo: a.orderNo });
    const { session: forwarded } = await signedInSession({ orderNo: otherOrderNo });
    const file = (sessionId: string, fields: Record<string, unknown>) =>
      submitSuggestion({ db: testDb, customerId: a.customerId, sessionId, locale: "zh-CN", input: input(fields) });
    await file(first.id, { text: "关于第一笔订单的建议", orderNo: a.orderNo });
    await file(first.id, { text: "不针对订单的私人建议" });
    await file(forwarded.id, { text: "第二笔订单的建议", orderNo: otherOrderNo });
    const seen = async (session: typeof first) =>
      (await listSessionSuggestions({ db: testDb, principal: session.principal, sessionId: session.id }))
        .map((s) => s.text)
        .sort();
    expect(await seen(first)).toEqual(["不针对订单的私人建议", "关于第一笔订单的建议"].sort());
    expect(await seen(forwarded)).toEqual(["第二笔订单的建议"]);
  });

  it("refuse bad input field by field and write nothing; a flood is limited per customer", async () => {
    const { customerId } = await customerWithOrder();
    for (const bad of [
      { text: "" },
      { text: "好" },
      { text: "建".repeat(501) },
      { text: "含有\u0000空字符的建议" },
      { text: "正常的建议内容", submissionId: "not-a-uuid" },
      { text: "正常的建议内容", orderNo: "x".repeat(65) },
    ])
      expect(() => input(bad)).toThrow(expect.objectContaining({ code: "validation_failed" }));
    for (let i = 0; i < 10; i += 1) await suggest(customerId, { text: `第 ${i} 条建议` });
    await expect(suggest(customerId, { text: "第 11 条建议" })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await testDb.suggestion.count()).toBe(10);
  });

  it("staff acknowledge, tag and thank (once; audited); the customer reads the thanks", async () => {
    const agent = await createStaff({ role: "agent" });
    const qa = await createStaff({ role: "qa" });
    const { customerId } = await customerWithOrder();
    const { id } = await suggest(customerId, { text: "包装可以少用一点塑料" });
    await expect(acknowledgeSuggestion({ db: testDb, actor: qa, suggestionId: id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await acknowledgeSuggestion({ db: testDb, actor: agent, suggestionId: id });
    await expect(acknowledgeSuggestion({ db: testDb, actor: agent, suggestionId: id })).rejects.toMatchObject({
      code: "suggestion_state",
    });
    await tagSuggestion({ db: testDb, actor: agent, suggestionId: id, tags: ["packaging", "packaging", "other"] });
    const thanks = await Promise.allSettled(
      ["谢谢您的建议，我们会改进包装", "感谢！"].map((text) =>
        thankSuggestion({ db: testDb, actor: agent, suggestionId: id, thanks: text }),
      ),
    );
    expect(thanks.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(thanks.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "suggestion_state" } });
    const [mine] = await testDb.suggestion.findMany({ where: { customerId } });
    expect(mine).toMatchObject({ status: "thanked", thanks: expect.stringMatching(/谢/) });
    // Tags stay editable for counting.
    await tagSuggestion({ db: testDb, actor: agent, suggestionId: id, tags: ["packaging"] });
    await expect(
      acknowledgeSuggestion({ db: testDb, actor: agent, suggestionId: "00000000-0000-4000-8000-000000000000" }),
    ).rejects.toMatchObject({ code: "suggestion_not_found" });
    const audit = await testDb.auditLog.findMany({ where: { targetId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "suggestion.acknowledge",
      "suggestion.tag",
      "suggestion.thank",
      "suggestion.tag",
    ]);
    expect(audit[1]).toMatchObject({ before: { tags: [] }, after: { tags: ["other", "packaging"] } });
  });

  it("count the same on the dashboard, in the list it links to and in the weekly report", async () => {
    const admin = await createStaff({ role: "admin" });
    const agent = await createStaff({ role: "agent" });
    const shanghai = await customerWithOrder({ region: "上海" });
    const vip = await customerWithOrder({ tier: "vip", region: "北京" });
    const ids = [
      (await suggest(shanghai.customerId, { text: "希望增加有机蔬菜" })).id,
      (await suggest(shanghai.customerId, { text: "包装太多塑料了" })).id,
      (await suggest(vip.customerId, { text: "希望配送时间可以更精确" })).id,
    ];
    await tagSuggestion({ db: testDb, actor: agent, suggestionId: ids[0]!, tags: ["assortment"] });
    await tagSuggestion({ db: testDb, actor: agent, suggestionId: ids[1]!, tags: ["packaging", "assortment"] });
    await thankSuggestion({ db: testDb, actor: agent, suggestionId: ids[2]!, thanks: "感谢您的建议" });

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    for (const params of [{}, { tier: "vip" }, { region: "上海" }, { status: "thanked" }]) {
      const dashboardFilter = parseDashboardFilter({ from: today, to: today, ...params }).filter;
      const listed = await listSuggestions({
        db: testDb,
        actor: admin,
        filter: parseSuggestionFilter({ from: today, to: today, ...params }),
      });
      if (!("status" in params)) {
        const { suggestions } = await loadDashboard({ db: testDb, actor: admin, filter: dashboardFilter });
        expect(suggestions.total, JSON.stringify(params)).toBe(listed.total);
      }
      expect(listed.rows).toHaveLength(listed.total);
    }
    const all = await countSuggestions({
      db: testDb,
      from: new Date(Date.now() - 86_400_000),
      to: new Date(Date.now() + 1),
    });
    expect(all).toEqual({
      total: 3,
      thanked: 1,
      byTag: [
        { tag: "assortment", count: 2 },
        { tag: "packaging", count: 1 },
      ],
    });

    const start = new Date(Date.now() - 3 * 86_400_000);
    const end = new Date(Date.now() + 60_000);
    const { data } = await storeWeeklyReport({ db: testDb, start, end });
    expect(data.suggestions).toEqual(all);
    const { markdown } = weeklyReportMarkdown({ data, start, end, link: "http://x/l/t", locale: "zh-CN" });
    expect(markdown).toContain("**客户建议**：3 条，已致谢 1：品类 2和包装 1");
    const en = weeklyReportMarkdown({ data, start, end, link: "http://x/l/t", locale: "en" });
    expect(en.markdown).toContain("**Customer suggestions**: 3, 1 thanked: Assortment 2 and Packaging 1");
  });
});
