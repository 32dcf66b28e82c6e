import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { confirmResolution } from "../../lib/complaints/customer/confirm-resolution";
import { closeComplaint } from "../../lib/complaints/handling/close-complaint";
import { reopenComplaint } from "../../lib/complaints/handling/reopen-complaint";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { listReplyTemplates } from "../../lib/complaints/reply-templates";
import { listCases, reviewCase } from "../../lib/knowledge/case-library";
import { saveFaqEntry } from "../../lib/knowledge/manage-faq";
import { saveTemplate, templateSchema } from "../../lib/knowledge/manage-templates";
import { suggestFaq } from "../../lib/knowledge/suggest-faq";
import { closeUnconfirmed } from "../../lib/surveys/close-unconfirmed";
import { submitSurvey } from "../../lib/surveys/submit-survey";
import { parseInput } from "../../lib/validation";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

let expert: StaffActor, qa: StaffActor, agent: StaffActor, supervisor: StaffActor;
beforeEach(async () => {
  await resetData();
  [expert, qa, agent, supervisor] = [
    await createStaff({ role: "expert" }),
    await createStaff({ role: "qa" }),
    await createStaff({ role: "agent" }),
    await createStaff({ role: "supervisor" }),
  ];
});

async function resolved({
  description = "芒果烂了三个，电话 138 0013 8000",
  outcome = "coupon" as const,
  amount = "10",
} = {}) {
  const { id } = await fileTestComplaint({ description });
  const { customerId, version } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
  await resolveComplaint({
    db: testDb,
    actor: expert,
    complaintId: id,
    version,
    outcome,
    note: "已为您发放 10 元券，下次下单可用",
    amount,
    shopRefunds: false,
    keyring: testKeyring(),
  });
  return { id, customerId };
}

const caseOf = (complaintId: string) => testDb.knowledgeCase.findUnique({ where: { complaintId } });

describe("case library: cases are written when a complaint closes well", () => {
  it("on the customer's confirmation: category, masked summary, resolution, compensation; the later survey adds satisfaction", async () => {
    const { id, customerId } = await resolved();
    expect(await caseOf(id)).toBeNull();
    await confirmResolution({ db: testDb, customerId, complaintId: id });
    const kase = await caseOf(id);
    expect(kase).toMatchObject({
      category: "product.quality",
      outcome: "coupon",
      resolution: "已为您发放 10 元券，下次下单可用",
      compensationType: "coupon",
      satisfaction: null,
      status: "pending",
    });
    expect(kase!.summary).toBe("芒果烂了三个，电话 ***");
    expect(kase!.compensationAmount!.toString()).toBe("10");
    await submitSurvey({ db: testDb, customerId, input: { complaintId: id, csat: 5, comment: "" } });
    expect((await caseOf(id))!.satisfaction).toBe(5);
  });

  it("on the 72 h auto-close too; never for a complaint closed without a resolution or after an unhappy survey", async () => {
    const auto = await resolved();
    await closeUnconfirmed({ db: testDb, complaintId: auto.id });
    expect((await caseOf(auto.id))?.status).toBe("pending");

    const { id: spam } = await fileTestComplaint({ description: "测试" });
    await closeComplaint({ db: testDb, actor: expert, complaintId: spam, version: 0, reason: "重复提交" });
    expect(await caseOf(spam)).toBeNull();

    const unhappy = await resolved();
    await submitSurvey({
      db: testDb,
      customerId: unhappy.customerId,
      input: { complaintId: unhappy.id, csat: 2, comment: "" },
    });
    await closeUnconfirmed({ db: testDb, complaintId: unhappy.id });
    expect(await caseOf(unhappy.id)).toBeNull();

    // Unhappy after the close: the pending case leaves QA's list.
    const late = await resolved();
    await closeUnconfirmed({ db: testDb, complaintId: late.id });
    await submitSurvey({
      db: testDb,
      customerId: late.customerId,
      input: { complaintId: late.id, csat: 1, comment: "" },
    });
    expect(await caseOf(late.id)).toMatchObject({ status: "rejected", satisfaction: 1 });
  });

  it("a reopened and closed-again complaint refreshes its one case and sends it back to review", async () => {
    const { id, customerId } = await resolved();
    await confirmResolution({ db: testDb, customerId, complaintId: id });
    const first = await caseOf(id);
    await reviewCase({ db: testDb, actor: qa, caseId: first!.id, decision: "approved" });
    const { version } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    await reopenComplaint({ db: testDb, actor: expert, complaintId: id, version, reason: "客户反馈券无法使用" });
    const again = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    await resolveComplaint({
      db: testDb,
      actor: expert,
      complaintId: id,
      version: again.version,
      outcome: "explanation",
      note: "已重新说明使用方法",
      shopRefunds: false,
      keyring: testKeyring(),
    });
    await confirmResolution({ db: testDb, customerId, complaintId: id });
    expect(await testDb.knowledgeCase.count({ where: { complaintId: id } })).toBe(1);
    expect(await caseOf(id)).toMatchObject({
      id: first!.id,
      status: "pending",
      outcome: "explanation",
      resolution: "已重新说明使用方法",
      reviewedById: null,
    });
  });
});

describe("case library: review, visibility and Chinese search", () => {
  async function closedCase(description: string) {
    const { id, customerId } = await resolved({ description });
    await confirmResolution({ db: testDb, customerId, complaintId: id });
    return (await caseOf(id))!;
  }

  it("QA approves or rejects once; agents see approved cases only; every decision is audited", async () => {
    const mango = await closedCase("芒果烂了");
    const grapes = await closedCase("葡萄缺斤少两");
    expect((await listCases({ db: testDb, actor: agent, filter: {} })).cases).toEqual([]);
    expect((await listCases({ db: testDb, actor: qa, filter: {} })).cases.map((c) => c.id).sort()).toEqual(
      [mango.id, grapes.id].sort(),
    );

    await reviewCase({ db: testDb, actor: qa, caseId: mango.id, decision: "approved" });
    await reviewCase({ db: testDb, actor: supervisor, caseId: grapes.id, decision: "rejected" });
    await expect(reviewCase({ db: testDb, actor: qa, caseId: grapes.id, decision: "approved" })).rejects.toMatchObject({
      code: "case_already_reviewed",
    });
    // An agent asking for rejected cases still gets approved ones only.
    expect(
      (await listCases({ db: testDb, actor: agent, filter: { status: "rejected" } })).cases.map((c) => c.id),
    ).toEqual([mango.id]);
    expect(await testDb.auditLog.count({ where: { action: "knowledge.case_review" } })).toBe(2);
  });

  it("finds cases by Chinese words and characters, filtered by category", async () => {
    const weight = await closedCase("葡萄缺斤少两，差了快半斤");
    const mango = await closedCase("芒果烂了，还有股酸味");
    for (const c of [weight, mango]) await reviewCase({ db: testDb, actor: qa, caseId: c.id, decision: "approved" });
    const ids = async (filter: Parameters<typeof listCases>[0]["filter"]) =>
      (await listCases({ db: testDb, actor: agent, filter })).cases.map((c) => c.id);
    expect(await ids({ q: "缺斤" })).toEqual([weight.id]);
    expect(await ids({ q: "芒果 酸" })).toEqual([mango.id]);
    expect(await ids({ q: "发放" })).toHaveLength(2); // the resolution text is searchable too
    expect(await ids({ q: "榴莲" })).toEqual([]);
    expect(await ids({ q: "芒果", category: "delivery.late" })).toEqual([]);
    expect(await ids({ q: "芒果", category: "product.quality" })).toEqual([mango.id]);
  });
});

describe("FAQ and reply template editing", () => {
  it("a new FAQ entry is suggested at once; a retired one no longer; edits are audited", async () => {
    const { id } = await saveFaqEntry({
      db: testDb,
      actor: supervisor,
      input: {
        question: "榴莲开口了还能吃吗？",
        answer: "榴莲自然开口说明成熟，果肉无异味即可食用。",
        categories: ["product.quality"],
        locale: "zh-CN",
        active: true,
      },
    });
    expect((await suggestFaq({ db: testDb, text: "榴莲开口了", locale: "zh-CN" }))[0]?.id).toBe(id);
    await saveFaqEntry({
      db: testDb,
      actor: supervisor,
      input: {
        id,
        question: "榴莲开口了还能吃吗？",
        answer: "榴莲自然开口说明成熟。",
        categories: [],
        locale: "zh-CN",
        active: false,
      },
    });
    expect(await suggestFaq({ db: testDb, text: "榴莲开口了", locale: "zh-CN" })).toEqual([]);
    expect(
      await testDb.auditLog.findMany({ where: { targetId: id }, select: { action: true }, orderBy: { id: "asc" } }),
    ).toEqual([{ action: "knowledge.faq_create" }, { action: "knowledge.faq_update" }]);
  });

  it("templates: one code per language; the reply box gets the customer's language, else the shop's", async () => {
    const input = (fields: { code: string; locale: string; title: string; body: string; category?: string }) =>
      parseInput(templateSchema, { category: "", active: "on", ...fields });
    await saveTemplate({
      db: testDb,
      actor: supervisor,
      input: input({ code: "sorry", locale: "zh-CN", title: "致歉", body: "{customerName}您好，非常抱歉" }),
    });
    await saveTemplate({
      db: testDb,
      actor: supervisor,
      input: input({ code: "sorry", locale: "en", title: "Apology", body: "Hello {customerName}, we are sorry" }),
    });
    await saveTemplate({
      db: testDb,
      actor: supervisor,
      input: input({ code: "photo", locale: "zh-CN", title: "补充照片", body: "请补充照片 {orderNo}" }),
    });
    // A second English "sorry" is the same template twice: refused, nothing written.
    await expect(
      saveTemplate({
        db: testDb,
        actor: supervisor,
        input: input({ code: "sorry", locale: "en", title: "Sorry", body: "Sorry {orderNo}" }),
      }),
    ).rejects.toMatchObject({ code: "validation_failed", fields: [{ path: "code", code: "taken" }] });
    expect(await testDb.replyTemplate.count()).toBe(3);
    expect(() => input({ code: "x1", locale: "fr", title: "Désolé", body: "Bonjour {orderNo}" })).toThrow(
      expect.objectContaining({ code: "validation_failed", fields: [expect.objectContaining({ path: "locale" })] }),
    );

    const offered = async (locale: "zh-CN" | "en" | "es") =>
      (await listReplyTemplates({ db: testDb, category: "product.quality", locale }))
        .map((t) => `${t.code}:${t.locale}`)
        .sort();
    expect(await offered("en")).toEqual(["photo:zh-CN", "sorry:en"]);
    expect(await offered("es")).toEqual(["photo:zh-CN", "sorry:zh-CN"]);
    expect(await offered("zh-CN")).toEqual(["photo:zh-CN", "sorry:zh-CN"]);
  });

  it("templates: unknown placeholders and a taken code are field errors, nothing written; retired ones leave the reply box", async () => {
    const input = (body: string, code = "quality.sorry", locale = "zh-CN") =>
      parseInput(templateSchema, { code, locale, title: "致歉", category: "product.quality", body, active: "on" });
    expect(() => input("您好 {customer}，订单 {orderNo}")).toThrow(
      expect.objectContaining({ code: "validation_failed", fields: [{ path: "body", code: "unknown_placeholder" }] }),
    );
    const { id } = await saveTemplate({
      db: testDb,
      actor: supervisor,
      input: input("您好 {customerName}，订单 {orderNo} 的问题我们已记录"),
    });
    await expect(
      saveTemplate({ db: testDb, actor: supervisor, input: input("另一个 {orderNo}") }),
    ).rejects.toMatchObject({ code: "validation_failed", fields: [{ path: "code", code: "taken" }] });
    expect(await testDb.replyTemplate.count()).toBe(1);
    expect(
      (await listReplyTemplates({ db: testDb, category: "product.quality", locale: "zh-CN" })).map((t) => t.code),
    ).toEqual(["quality.sorry"]);
    await saveTemplate({
      db: testDb,
      actor: supervisor,
      input: { ...input("您好 {customerName}"), id, active: false },
    });
    expect(await listReplyTemplates({ db: testDb, category: "product.quality", locale: "zh-CN" })).toEqual([]);
  });
});
