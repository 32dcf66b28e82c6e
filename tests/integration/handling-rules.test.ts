import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { appKeyring } from "../../lib/crypto/app-key";
import { ruleSetSchema } from "../../lib/triage/handling-rules";
import { rulesFormSchema } from "../../lib/triage/rule-form";
import { listRuleVersions, previewRules, saveRuleVersion, saveRulesSchema } from "../../lib/triage/rule-versions";
import { parseInput } from "../../lib/validation";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

/** Issue 16, point 1 (first slice): the handling rules are versioned data that intake applies. */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const OUT_OF_STOCK_UNDER_20 = {
  code: "out_of_stock_under_20",
  when: { categories: ["product.out_of_stock"], orderStatuses: ["shipped", "delivered"], belowOrderAmountFen: 20_00 },
  then: { type: "refund_order" },
};
const VIP_LATE_UNDER_30 = {
  code: "vip_late_under_30",
  when: { categories: ["delivery.late"], orderStatuses: ["delivered"], belowOrderAmountFen: 30_00, tiers: ["vip"] },
  then: { type: "refund_order" },
};
const refundOf = async (complaintId: string) => {
  const [event] = await testDb.complaintEvent.findMany({ where: { complaintId, kind: "auto_refund" } });
  const compensations = await testDb.compensation.count({ where: { complaintId, type: "refund" } });
  return { payload: event?.payload ?? null, compensations };
};

describe("handling rules as versions", () => {
  it("version 1 is the old built-in rule; a new version handles the next complaints and leaves earlier ones as they were", async () => {
    const before = await fileTestComplaint({ category: "product.out_of_stock", amount: "25.80" });
    expect(before.complaint.status).toBe("resolved");
    expect(await refundOf(before.id)).toEqual({
      payload: expect.objectContaining({ amountFen: 25_80, rule: "out_of_stock_under_50", version: 1 }),
      compensations: 1,
    });

    const admin = await createStaff({ role: "admin" });
    const saved = await saveRuleVersion({
      db: testDb,
      actor: admin,
      input: parseInput(saveRulesSchema, {
        basedOn: 1,
        rules: [OUT_OF_STOCK_UNDER_20, VIP_LATE_UNDER_30],
        note: "  缺货退款门槛降到 20 元；VIP 迟到 30 元以下直接退  ",
      }),
    });
    expect(saved).toEqual({ version: 2 });

    // Out of stock at ¥25.80 is now a person's decision; a VIP's late delivery under ¥30 is refunded.
    const after = await fileTestComplaint({ category: "product.out_of_stock", amount: "25.80" });
    expect(after.complaint.status).toBe("new");
    expect(await refundOf(after.id)).toEqual({ payload: null, compensations: 0 });
    const cheap = await fileTestComplaint({ category: "product.out_of_stock", amount: "12.00" });
    expect(await refundOf(cheap.id)).toMatchObject({ payload: { rule: "out_of_stock_under_20", version: 2 } });
    const vipLate = await fileTestComplaint({ category: "delivery.late", amount: "28.00", tier: "vip" });
    const normalLate = await fileTestComplaint({ category: "delivery.late", amount: "28.00" });
    expect(vipLate.complaint.status).toBe("resolved");
    expect(await refundOf(vipLate.id)).toMatchObject({
      payload: { amountFen: 28_00, rule: "vip_late_under_30", version: 2 },
      compensations: 1,
    });
    expect(normalLate.complaint.status).toBe("new");

    // The earlier complaint keeps the refund and the version that gave it.
    expect(await refundOf(before.id)).toMatchObject({ payload: { version: 1 }, compensations: 1 });
    const audit = await testDb.auditLog.findFirstOrThrow({ where: { action: "rules.version_activated" } });
    expect(audit).toMatchObject({
      actorId: admin.id,
      targetId: "2",
      before: { version: 1 },
      after: { version: 2, note: "缺货退款门槛降到 20 元；VIP 迟到 30 元以下直接退" },
    });
    const compensationAudit = await testDb.auditLog.findFirstOrThrow({
      where: { action: "compensation.auto_refund", after: { path: ["complaintId"], equals: vipLate.id } },
    });
    expect(compensationAudit.after).toMatchObject({ rule: "vip_late_under_30", version: 2 });
  });

  it("refuses overlapping refunds, a refund over the cap, a version without a note, and anyone but an admin; nothing written", async () => {
    const admin = await createStaff({ role: "admin" });
    const supervisor = await createStaff({ role: "supervisor" });
    const state = async () => ({
      versions: await testDb.handlingRuleVersion.count(),
      audit: await testDb.auditLog.count(),
    });
    const start = await state();
    const save = async (fields: Record<string, unknown>, actor = admin) =>
      saveRuleVersion({
        db: testDb,
        actor,
        input: parseInput(saveRulesSchema, { note: "试一下", basedOn: 1, ...fields }),
      });

    await expect(
      save({ rules: [OUT_OF_STOCK_UNDER_20, { ...OUT_OF_STOCK_UNDER_20, code: "again" }] }),
    ).rejects.toMatchObject({ fields: [{ path: "rules.1.when", code: "refund_rule_overlap" }] });
    await expect(
      save({ rules: [{ ...VIP_LATE_UNDER_30, when: { ...VIP_LATE_UNDER_30.when, belowOrderAmountFen: 999_999_00 } }] }),
    ).rejects.toMatchObject({ fields: [{ path: "rules.0.when.belowOrderAmountFen", code: "refund_rule_cap" }] });
    await expect(
      save({ rules: [{ ...VIP_LATE_UNDER_30, when: { ...VIP_LATE_UNDER_30.when, belowOrderAmountFen: -1 } }] }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(save({ rules: [VIP_LATE_UNDER_30], note: " " })).rejects.toMatchObject({
      fields: [{ path: "note", code: "required" }],
    });
    await expect(save({ rules: [VIP_LATE_UNDER_30] }, supervisor)).rejects.toMatchObject({ code: "forbidden" });
    expect(await state()).toEqual(start);
  });

  it("two admins saving at once from the same version: one is in force, the other is told the rules changed", async () => {
    const admin = await createStaff({ role: "admin" });
    const results = await Promise.allSettled(
      [VIP_LATE_UNDER_30, OUT_OF_STOCK_UNDER_20].map((rule) =>
        saveRuleVersion({
          db: testDb,
          actor: admin,
          input: parseInput(saveRulesSchema, { rules: [rule], note: rule.code, basedOn: 1 }),
        }),
      ),
    );
    const saved = results.flatMap((r) => (r.status === "fulfilled" ? [r.value.version] : []));
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason.code] : []));
    expect(saved).toEqual([2]);
    expect(refused).toEqual(["stale_settings"]);
    const inForce = (await listRuleVersions({ db: testDb, actor: admin })).filter((v) => v.inForce);
    expect(inForce.map((v) => v.version)).toEqual([2]);
    // Starting again from version 2 goes through.
    await saveRuleVersion({
      db: testDb,
      actor: admin,
      input: parseInput(saveRulesSchema, { rules: [], note: "全部停用", basedOn: 2 }),
    });
    expect((await listRuleVersions({ db: testDb, actor: admin })).find((v) => v.inForce)).toMatchObject({
      version: 3,
      rules: [],
    });
    // Nothing refunds any more.
    const after = await fileTestComplaint({ category: "product.out_of_stock", amount: "12.00" });
    expect(after.complaint.status).toBe("new");
  });

  it("conditions beyond subtype and amount, and actions beyond refunds, act on the next complaints (on their timeline), not earlier ones", async () => {
    const admin = await createStaff({ role: "admin" });
    await testDb.replyTemplate.create({
      data: { code: "late_sorry", title: "迟到致歉", body: "{customerName}您好，订单{orderNo}送晚了，非常抱歉。" },
    });
    const earlier = await fileTestComplaint({ category: "delivery.late", description: "又是迟到，我要投诉到12315" });
    const rules = [
      {
        code: "legal_to_high",
        when: { categories: ["delivery.late"], textSignals: ["text_legal_exposure"] },
        then: { type: "set_priority", priority: "high" },
      },
      {
        code: "repeat_to_service",
        when: { categories: ["delivery.late"], minRecentComplaints: 2 },
        then: { type: "route_to_group", group: "service" },
      },
      {
        code: "late_coupon",
        when: { categories: ["delivery.late"], orderStatuses: ["delivered"], maxHoursSinceDelivery: 48 },
        then: { type: "offer_coupon", amountFen: 8_00, validDays: 10 },
      },
      {
        code: "late_sorry",
        when: { categories: ["delivery.late"] },
        then: { type: "reply_template", template: "late_sorry" },
      },
    ];
    // A group or template that does not exist is refused on its row.
    await expect(
      saveRuleVersion({
        db: testDb,
        actor: admin,
        input: parseInput(saveRulesSchema, {
          basedOn: 1,
          note: "x",
          rules: [
            { ...rules[1], then: { type: "route_to_group", group: "nowhere" } },
            { ...rules[3], then: { type: "reply_template", template: "gone" } },
          ],
        }),
      }),
    ).rejects.toMatchObject({
      fields: [
        { path: "rules.0.then.group", code: "unknown_group" },
        { path: "rules.1.then.template", code: "unknown_template" },
      ],
    });
    await saveRuleVersion({
      db: testDb,
      actor: admin,
      input: parseInput(saveRulesSchema, { basedOn: 1, note: "迟到规则", rules }),
    });

    const customerExternalId = "CU-RULES-REPEAT";
    const now = new Date();
    const first = await fileTestComplaint({ category: "delivery.late", customerExternalId, description: "送晚了" });
    await fileTestComplaint({ category: "delivery.late", customerExternalId, description: "又送晚了" });
    const third = await fileTestComplaint({
      category: "delivery.late",
      customerExternalId,
      description: "第三次迟到，要找12315",
      deliveredAt: new Date(now.getTime() - 20 * 3_600_000),
      now,
    });
    const events = async (id: string) =>
      (
        await testDb.complaintEvent.findMany({
          where: { complaintId: id, kind: { in: ["rule_applied", "rule_reply"] } },
          orderBy: { id: "asc" },
        })
      ).map((e) => ({ kind: e.kind, visible: e.customerVisible, ...(e.payload as object) }));
    const row = async (id: string) =>
      testDb.complaint.findUniqueOrThrow({ where: { id }, include: { group: true, compensations: true } });

    // The third: raised to high by its words, sent to service as a repeat, offered a coupon, sent the reply.
    const t = await row(third.id);
    expect([t.priority, t.group.code]).toEqual(["high", "service"]);
    expect(await events(third.id)).toEqual([
      expect.objectContaining({
        kind: "rule_applied",
        visible: false,
        rule: "legal_to_high",
        version: 2,
        action: "set_priority",
        value: "high",
      }),
      expect.objectContaining({
        kind: "rule_applied",
        rule: "repeat_to_service",
        action: "route_to_group",
        value: "service",
      }),
      expect.objectContaining({
        kind: "rule_applied",
        rule: "late_sorry",
        action: "reply_template",
        value: "late_sorry",
      }),
      expect.objectContaining({
        kind: "rule_reply",
        visible: true,
        template: "late_sorry",
        text: expect.stringContaining(`订单${third.orderNo}送晚了`),
      }),
      expect.objectContaining({ kind: "rule_applied", rule: "late_coupon", action: "offer_coupon", value: "8.00" }),
    ]);
    expect(t.compensations).toEqual([
      expect.objectContaining({
        type: "coupon",
        status: "offered",
        idempotencyKey: `rule-offer:order:${t.orderId}`,
      }),
    ]);
    expect(t.compensations[0]!.amount.toString()).toBe("8");
    expect(t.compensations[0]!.validUntil).toEqual(new Date(now.getTime() + 10 * 86_400_000));
    expect(third.complaint.compensations).toEqual([{ type: "coupon", amountFen: 8_00, status: "offered" }]);
    // The first had no history yet: its own group, its triage's priority.
    const f = await row(first.id);
    expect([
      f.group.code,
      (await events(first.id)).some((e) => (e as { rule?: string }).rule === "repeat_to_service"),
    ]).toEqual(["delivery", false]);
    // Filed before the version: untouched.
    expect(await events(earlier.id)).toEqual([]);
    expect((await row(earlier.id)).compensations).toEqual([]);
  });

  it("one gesture per complaint and per order, and no rule lowers a complaint that names a health risk", async () => {
    const admin = await createStaff({ role: "admin" });
    await saveRuleVersion({
      db: testDb,
      actor: admin,
      input: parseInput(saveRulesSchema, {
        basedOn: 1,
        note: "缺货送券、质量降级",
        rules: [
          { ...OUT_OF_STOCK_UNDER_20 },
          {
            code: "out_of_stock_coupon",
            when: { categories: ["product.out_of_stock"] },
            then: { type: "offer_coupon", amountFen: 3_00, validDays: 7 },
          },
          {
            code: "quality_low",
            when: { categories: ["product.quality"] },
            then: { type: "set_priority", priority: "low" },
          },
        ],
      }),
    });
    // Refunded by a rule: no coupon on top.
    const refunded = await fileTestComplaint({ category: "product.out_of_stock", amount: "12.00" });
    expect(refunded.complaint.compensations.map((c) => c.type)).toEqual(["refund"]);
    // Not refunded (¥30): the coupon, once for the order however often it is complained about.
    const first = await fileTestComplaint({
      category: "product.out_of_stock",
      amount: "30.00",
      customerExternalId: "CU-ONCE",
    });
    expect(first.complaint.compensations).toEqual([{ type: "coupon", amountFen: 3_00, status: "offered" }]);
    const order = await testDb.complaint.findUniqueOrThrow({ where: { id: first.id }, select: { orderId: true } });
    const again = await createComplaint({
      db: testDb,
      actor: { type: "shop" },
      input: { orderNo: first.orderNo, category: "product.out_of_stock", description: "还是缺货", imageIds: [] },
      source: "api",
      keyring: testKeyring(),
      shopRefunds: false,
    });
    expect(again.complaint.compensations).toEqual([]);
    expect(await testDb.compensation.count({ where: { orderId: order.orderId, type: "coupon" } })).toBe(1);
    // A rule may lower a quality complaint, but not one that names food poisoning.
    const plain = await fileTestComplaint({ category: "product.quality", description: "芒果不太甜" });
    const unsafe = await fileTestComplaint({ category: "product.quality", description: "吃了芒果拉肚子，食物中毒了" });
    expect([plain.complaint.priority, unsafe.complaint.priority]).toEqual(["low", "high"]);
    const applied = async (id: string) =>
      testDb.complaintEvent.count({ where: { complaintId: id, kind: "rule_applied" } });
    expect([await applied(plain.id), await applied(unsafe.id)]).toEqual([1, 0]);
  });

  it("reads the editor's rows: kept ones, the blank row once it has a code, tiers only when ticked", () => {
    const form = parseInput(rulesFormSchema, {
      intent: "save",
      note: "改版",
      basedOn: "1",
      "r0.code": "out_of_stock_under_50",
      "r0.existing": "1",
      "r0.keep": "on",
      "r0.categories": "product.out_of_stock",
      "r0.orderStatuses": ["shipped", "delivered"],
      "r0.belowYuan": "50.00",
      "r1.code": "dropped_rule",
      "r1.categories": "order.price",
      "r1.orderStatuses": "paid",
      "r1.belowYuan": "10",
      // A rule in force with "keep" unticked: the browser sends no r1.keep at all.
      "r1.existing": "1",
      "r2.code": "  vip_late_under_30 ",
      "r2.categories": "delivery.late",
      "r2.orderStatuses": "delivered",
      "r2.belowYuan": "30",
      "r2.tiers": "vip",
      "r3.code": "",
      "r3.belowYuan": "",
    });
    expect(parseInput(ruleSetSchema, form.rules)).toEqual([
      {
        ...OUT_OF_STOCK_UNDER_20,
        code: "out_of_stock_under_50",
        when: { ...OUT_OF_STOCK_UNDER_20.when, belowOrderAmountFen: 50_00 },
      },
      VIP_LATE_UNDER_30,
    ]);
    expect(form.rows).toEqual([0, 2]);
    // The other conditions and actions: empty fields are no condition; an action reads only its own fields.
    const wider = parseInput(rulesFormSchema, {
      intent: "preview",
      basedOn: "1",
      "r0.code": "vip_angry_coupon",
      "r0.categories": ["delivery.late", "product.quality"],
      "r0.tiers": "vip",
      "r0.textSignals": ["text_strong_negative", "text_legal_exposure"],
      "r0.atLeastYuan": "50",
      "r0.belowYuan": "",
      "r0.minRecentComplaints": "2",
      "r0.maxLastCsat": "",
      "r0.maxHoursSinceDelivery": "48",
      "r0.action": "offer_coupon",
      "r0.couponYuan": "12.50",
      "r0.validDays": "14",
      "r0.points": "999",
      "r0.priority": "low",
    });
    expect(parseInput(ruleSetSchema, wider.rules)).toEqual([
      {
        code: "vip_angry_coupon",
        when: {
          categories: ["delivery.late", "product.quality"],
          tiers: ["vip"],
          textSignals: ["text_strong_negative", "text_legal_exposure"],
          atLeastOrderAmountFen: 50_00,
          minRecentComplaints: 2,
          maxHoursSinceDelivery: 48,
        },
        then: { type: "offer_coupon", amountFen: 12_50, validDays: 14 },
      },
    ]);
    // An amount that is not money is the schema's to refuse, on its row.
    const bad = parseInput(rulesFormSchema, {
      intent: "preview",
      basedOn: "1",
      "r0.code": "x_rule",
      "r0.categories": "order.price",
      "r0.orderStatuses": "paid",
      "r0.belowYuan": "abc",
    });
    expect(() => parseInput(ruleSetSchema, bad.rules)).toThrow(
      expect.objectContaining({ fields: [expect.objectContaining({ path: "0.when.belowOrderAmountFen" })] }),
    );
  });

  it("previews what a version would have refunded over 30 days: the version in force matches what intake refunded", async () => {
    const admin = await createStaff({ role: "admin" });
    const refunded = [
      await fileTestComplaint({ category: "product.out_of_stock", amount: "12.00" }),
      await fileTestComplaint({ category: "product.out_of_stock", amount: "30.00" }),
    ];
    await fileTestComplaint({ category: "product.out_of_stock", amount: "88.00" });
    await fileTestComplaint({ category: "delivery.late", amount: "28.00", tier: "vip" });
    // Filed 40 days ago: outside the window.
    await fileTestComplaint({
      category: "product.out_of_stock",
      amount: "5.00",
      now: new Date(Date.now() - 40 * 86_400_000),
    });
    expect(refunded.map((r) => r.complaint.status)).toEqual(["resolved", "resolved"]);

    const [inForce] = (await listRuleVersions({ db: testDb, actor: admin })).filter((v) => v.inForce);
    const current = await previewRules({ db: testDb, actor: admin, rules: inForce!.rules, keyring: appKeyring() });
    expect(current).toMatchObject({
      complaints: 2,
      amountFen: 42_00,
      read: 4,
      capped: false,
      actual: { complaints: 2, amountFen: 42_00 },
    });
    // A staff refund made on an order before its complaint leaves less for a rule to give back.
    const thirty = await testDb.complaint.findUniqueOrThrow({ where: { id: refunded[1]!.id } });
    await testDb.compensation.create({
      data: {
        complaintId: thirty.id,
        orderId: thirty.orderId,
        type: "refund",
        amount: "5.00",
        status: "succeeded",
        idempotencyKey: `staff-refund-${thirty.id}`,
        createdAt: new Date(thirty.createdAt.getTime() - 1000),
      },
    });
    const lessLeft = await previewRules({ db: testDb, actor: admin, rules: inForce!.rules, keyring: appKeyring() });
    expect(lessLeft).toMatchObject({ complaints: 2, amountFen: 37_00 });
    const next = await previewRules({
      db: testDb,
      actor: admin,
      rules: parseInput(ruleSetSchema, [OUT_OF_STOCK_UNDER_20, VIP_LATE_UNDER_30]),
      keyring: appKeyring(),
    });
    expect(next).toMatchObject({
      complaints: 2,
      amountFen: 40_00,
      byRule: {
        out_of_stock_under_20: { complaints: 1, amountFen: 12_00 },
        vip_late_under_30: { complaints: 1, amountFen: 28_00 },
      },
    });
    await expect(
      previewRules({ db: testDb, actor: await createStaff({ role: "supervisor" }), rules: [], keyring: appKeyring() }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
