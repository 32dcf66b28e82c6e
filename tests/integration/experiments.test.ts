import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { listReplyTemplates } from "../../lib/complaints/reply-templates";
import { AppError } from "../../lib/errors";
import { armForCustomer } from "../../lib/experiments/assignment";
import { experimentFormSchema } from "../../lib/experiments/experiment-form";
import { experimentResults } from "../../lib/experiments/experiment-results";
import { compareMeans, meanSummary, momentsOf } from "../../lib/experiments/experiment-stats";
import {
  createExperiment,
  experimentSchema,
  shipExperimentArm,
  stopExperiment,
  type ExperimentInput,
} from "../../lib/experiments/manage-experiments";
import { templatesForComplaint } from "../../lib/experiments/template-variants";
import { formLayoutFor } from "../../lib/experiments/form-variants";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { saveRuleVersion, saveRulesSchema } from "../../lib/triage/rule-versions";
import { parseInput } from "../../lib/validation";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

/** Issue 16, point 2: A/B experiments on reply templates, applied by the reply box's own path. */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const TEMPLATE = "apology";
const CONTROL_BODY = "您好{customerName}，给您带来不便非常抱歉。";
const VARIANT_BODY = "{customerName}您好，我们已加急处理您的问题，很抱歉！";

async function seedTemplate(code = TEMPLATE) {
  await testDb.replyTemplate.createMany({
    data: [
      { code, locale: "zh-CN", title: "致歉", body: CONTROL_BODY },
      { code, locale: "en", title: "Apology", body: "Hello {customerName}, we are sorry for the trouble." },
    ],
  });
}

const input = (overrides: Partial<ExperimentInput> = {}): ExperimentInput => ({
  name: "致歉话术 A/B",
  variable: "reply_template",
  target: TEMPLATE,
  metric: "csat",
  sharePercent: 100,
  tiers: [],
  regions: [],
  categories: [],
  minSamplePerArm: 3,
  variants: [{ bodies: { "zh-CN": VARIANT_BODY } }],
  ...overrides,
});

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function reply({ complaintId, templateCode }: { complaintId: string; templateCode?: string }) {
  const supervisor = await createStaff({ role: "supervisor" });
  const { version } = await testDb.complaint.findUniqueOrThrow({ where: { id: complaintId } });
  return replyToComplaint({ db: testDb, actor: supervisor, complaintId, version, text: "您好", templateCode });
}

/** What the reply box offers this complaint's customer for the template under test. */
async function offered(complaintId: string) {
  const c = await testDb.complaint.findUniqueOrThrow({ where: { id: complaintId }, include: { customer: true } });
  const templates = await templatesForComplaint({
    db: testDb,
    complaint: { customerId: c.customerId, tier: c.tier, region: c.region, category: c.category },
    locale: c.customer.locale,
    templates: await listReplyTemplates({ db: testDb, category: c.category, locale: c.customer.locale as "zh-CN" }),
  });
  return templates.find((t) => t.code === TEMPLATE)?.body;
}

describe("A/B experiments", () => {
  it("refuses, before anything is saved: one arm, an unknown template, a bad share, and a second experiment on the same template", async () => {
    await seedTemplate();
    const supervisor = await createStaff({ role: "supervisor" });
    const fieldsOf = (value: unknown) => {
      try {
        parseInput(experimentSchema, value);
        return [];
      } catch (error) {
        return (error as AppError).fields.map((f) => `${f.path}:${f.code}`);
      }
    };
    expect(fieldsOf(input({ variants: [] }))).toEqual(["variants:experiment_arms"]);
    expect(fieldsOf({ ...input(), sharePercent: -5 })).toEqual(["sharePercent:invalid"]);
    expect(fieldsOf({ ...input(), minSamplePerArm: 0 })).toEqual(["minSamplePerArm:invalid"]);
    expect(fieldsOf({ ...input(), categories: ["product.nope"] })).toEqual(["categories.0:unknown_category"]);
    expect(fieldsOf(input({ variants: [{ bodies: { "zh-CN": "您好 {couponCode}" } }] }))).toEqual([
      "variants.0.bodies.zh-CN:unknown_placeholder",
    ]);
    // The browser's form: a variant row left blank is no variant, so one arm is refused too.
    const form = experimentFormSchema.parse({
      name: "夏季话术",
      variable: "reply_template",
      target: TEMPLATE,
      metric: "csat",
      sharePercent: "",
      minSamplePerArm: "100",
      "v1.zh-CN": " ",
      "v2.en": "Hello {customerName}",
    });
    expect(form.rows).toEqual([2]);
    expect(fieldsOf(form.experiment)).toEqual(["sharePercent:invalid", "variants.0.bodies.zh-CN:required"]);

    const unknown = await refusal(
      createExperiment({ db: testDb, actor: supervisor, input: input({ target: "nope" }) }),
    );
    expect(unknown.fields).toEqual([{ path: "target", code: "unknown_template" }]);
    expect(await testDb.experiment.count()).toBe(0);

    await createExperiment({ db: testDb, actor: supervisor, input: input() });
    const overlap = await refusal(
      createExperiment({ db: testDb, actor: supervisor, input: input({ name: "another" }) }),
    );
    expect(overlap.code).toBe("experiment_overlap");
    expect(await testDb.experiment.count()).toBe(1);

    // Two supervisors starting one on the same template at the same moment: exactly one runs.
    await seedTemplate("thanks");
    const raced = await Promise.allSettled(
      [1, 2].map(() => createExperiment({ db: testDb, actor: supervisor, input: input({ target: "thanks" }) })),
    );
    expect(raced.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await testDb.experiment.count({ where: { target: "thanks" } })).toBe(1);
    const agent = await createStaff({ role: "agent" });
    expect((await refusal(createExperiment({ db: testDb, actor: agent, input: input({ target: "x" }) }))).code).toBe(
      "forbidden",
    );
  });

  it("the reply box shows each customer their sticky arm, and the reply records that arm once, with the reply", async () => {
    await seedTemplate();
    const supervisor = await createStaff({ role: "supervisor" });
    const { id: experimentId } = await createExperiment({ db: testDb, actor: supervisor, input: input() });
    // Customers until both arms have had some (each new customer is in either with even chance;
    // a fixed ten would miss one arm once in 512 runs).
    const complaints = await Promise.all(Array.from({ length: 10 }, () => fileTestComplaint()));
    const seen = new Set<string>();
    for (let i = 0; i < complaints.length; i += 1) {
      const { id } = complaints[i]!;
      const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
      const expected = armForCustomer({ experimentId, customerId, sharePercent: 100, arms: ["A", "B"] });
      seen.add(expected!);
      expect(await offered(id)).toBe(expected === "B" ? VARIANT_BODY : CONTROL_BODY);
      await reply({ complaintId: id, templateCode: TEMPLATE });
      await reply({ complaintId: id, templateCode: TEMPLATE });
      const exposures = await testDb.experimentExposure.findMany({ where: { complaintId: id } });
      expect(exposures).toEqual([expect.objectContaining({ experimentId, arm: expected, customerId })]);
      const audit = await testDb.auditLog.findFirst({ where: { targetId: id, action: "complaint.reply" } });
      expect(audit?.after).toMatchObject({ experiment: { experimentId, arm: expected } });
      if (i === complaints.length - 1 && seen.size < 2 && complaints.length < 60)
        complaints.push(await fileTestComplaint());
    }
    expect(seen).toEqual(new Set(["A", "B"]));

    // A reply without the template, and a customer whose language no variant was written in: nothing recorded.
    const plain = await fileTestComplaint();
    await reply({ complaintId: plain.id });
    const english = await fileTestComplaint();
    await testDb.customer.update({
      where: { id: (await testDb.complaint.findUniqueOrThrow({ where: { id: english.id } })).customerId },
      data: { locale: "en" },
    });
    expect(await offered(english.id)).toBe("Hello {customerName}, we are sorry for the trouble.");
    await reply({ complaintId: english.id, templateCode: TEMPLATE });
    expect(await testDb.experimentExposure.count({ where: { complaintId: { in: [plain.id, english.id] } } })).toBe(0);

    // Stopped: everyone meets the template as it is, and nothing more is recorded.
    await stopExperiment({ db: testDb, actor: supervisor, experimentId });
    const later = await fileTestComplaint();
    expect(await offered(later.id)).toBe(CONTROL_BODY);
    await reply({ complaintId: later.id, templateCode: TEMPLATE });
    expect(await testDb.experimentExposure.count({ where: { complaintId: later.id } })).toBe(0);
    expect((await refusal(stopExperiment({ db: testDb, actor: supervisor, experimentId }))).code).toBe(
      "experiment_not_running",
    );
  });

  it("results equal a computation from the exposed complaints' own rows; a small sample is flagged", async () => {
    await seedTemplate();
    const supervisor = await createStaff({ role: "supervisor" });
    const { id: experimentId } = await createExperiment({
      db: testDb,
      actor: supervisor,
      input: input({ minSamplePerArm: 5 }),
    });
    const complaints = await Promise.all(Array.from({ length: 16 }, () => fileTestComplaint()));
    const scores = [5, 4, 3, 5, 2, 4, 5, 5, 1, 4, 3, 5, 4, 4, 5, 2];
    for (const [index, { id }] of complaints.entries()) {
      await reply({ complaintId: id, templateCode: TEMPLATE });
      // One complaint unanswered: it counts as exposed, not in the CSAT sample.
      if (index !== 0) await testDb.complaint.update({ where: { id }, data: { csat: scores[index] } });
    }
    const rows = await testDb.experimentExposure.findMany({
      where: { experimentId },
      include: { complaint: { select: { csat: true } } },
    });
    const valuesOf = (arm: string) =>
      rows.filter((r) => r.arm === arm && r.complaint.csat !== null).map((r) => r.complaint.csat!);
    const results = await experimentResults({ db: testDb, actor: supervisor, experimentId });
    const [a, b] = results.arms;
    expect(a!.exposed + b!.exposed).toBe(16);
    for (const arm of results.arms) {
      const reference = meanSummary(momentsOf(valuesOf(arm.key)));
      expect(arm.summary.n).toBe(reference.n);
      expect(arm.summary.value).toBeCloseTo(reference.value!, 10);
      if (reference.ci) expect(arm.summary.ci!.low).toBeCloseTo(reference.ci.low, 8);
    }
    const reference = compareMeans({ a: momentsOf(valuesOf("A")), b: momentsOf(valuesOf("B")) });
    // The customers' arms come from their random ids: an arm with fewer than two answers has no
    // comparison, on either side (about once in a thousand runs).
    if (reference) expect(b!.comparison?.pValue).toBeCloseTo(reference.pValue, 8);
    else expect(b!.comparison ?? null).toBeNull();
    expect(results.tooSmall).toBe(a!.summary.n < 5 || b!.summary.n < 5);
  });

  it("ships the winning variant into the template (audited) and is final", async () => {
    await seedTemplate();
    const supervisor = await createStaff({ role: "supervisor" });
    const { id: experimentId } = await createExperiment({
      db: testDb,
      actor: supervisor,
      input: input({
        variants: [{ bodies: { "zh-CN": VARIANT_BODY, es: "Hola {customerName}, lo sentimos mucho." } }],
      }),
    });
    expect(await shipExperimentArm({ db: testDb, actor: supervisor, experimentId, arm: "B" })).toEqual({
      status: "shipped",
      winnerArm: "B",
    });
    const templates = await testDb.replyTemplate.findMany({ where: { code: TEMPLATE }, orderBy: { locale: "asc" } });
    expect(templates.map((t) => [t.locale, t.body])).toEqual([
      ["en", "Hello {customerName}, we are sorry for the trouble."],
      ["es", "Hola {customerName}, lo sentimos mucho."],
      ["zh-CN", VARIANT_BODY],
    ]);
    const audit = await testDb.auditLog.findFirstOrThrow({
      where: { action: "experiment.shipped", targetId: experimentId },
    });
    expect(audit.before).toMatchObject({ bodies: { "zh-CN": CONTROL_BODY, es: "" } });
    expect((await refusal(shipExperimentArm({ db: testDb, actor: supervisor, experimentId, arm: "A" }))).code).toBe(
      "experiment_shipped",
    );
    // Shipped is also stopped: a new experiment on the template may start.
    await createExperiment({ db: testDb, actor: supervisor, input: input({ name: "第二轮" }) });
  });

  it("a compensation-offer experiment: intake gives each customer their arm's offer and records it; the winner ships as a new rules version", async () => {
    const admin = await createStaff({ role: "admin" });
    const supervisor = await createStaff({ role: "supervisor" });
    const lateCoupon = {
      code: "late_coupon",
      when: { categories: ["delivery.late"] },
      then: { type: "offer_coupon", amountFen: 5_00, validDays: 7 },
    };
    await saveRuleVersion({
      db: testDb,
      actor: admin,
      input: parseInput(saveRulesSchema, {
        basedOn: 1,
        note: "迟到送券",
        rules: [
          lateCoupon,
          {
            code: "quality_high",
            when: { categories: ["product.quality"] },
            then: { type: "set_priority", priority: "high" },
          },
        ],
      }),
    });
    const offerInput = (overrides: Partial<ExperimentInput> = {}) =>
      input({
        name: "迟到券面额",
        variable: "compensation_offer",
        target: "late_coupon",
        metric: "compensation_yuan",
        variants: [{ offer: { type: "offer_coupon", amountFen: 10_00, validDays: 14 } }],
        ...overrides,
      });
    // A rule that offers nothing cannot be varied; a variant without an offer is refused.
    const notOffer = await refusal(
      createExperiment({ db: testDb, actor: supervisor, input: offerInput({ target: "quality_high" }) }),
    );
    expect(notOffer.fields).toEqual([{ path: "target", code: "unknown_offer_rule" }]);
    expect(() => parseInput(experimentSchema, offerInput({ variants: [{}] }))).toThrow(
      expect.objectContaining({ fields: [{ path: "variants.0.offer", code: "required" }] }),
    );
    const { id: experimentId } = await createExperiment({ db: testDb, actor: supervisor, input: offerInput() });

    const filed = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fileTestComplaint({ category: "delivery.late", description: `迟到了${i}` })),
    );
    const amounts = new Map<string, number[]>();
    for (const { id } of filed) {
      const c = await testDb.complaint.findUniqueOrThrow({ where: { id }, include: { compensations: true } });
      const arm = armForCustomer({ experimentId, customerId: c.customerId, sharePercent: 100, arms: ["A", "B"] })!;
      expect(c.compensations).toHaveLength(1);
      const coupon = c.compensations[0]!;
      expect([coupon.type, coupon.amount.toString(), coupon.status]).toEqual([
        "coupon",
        arm === "B" ? "10" : "5",
        "offered",
      ]);
      expect(coupon.validUntil!.getTime() - c.createdAt.getTime()).toBe((arm === "B" ? 14 : 7) * 86_400_000);
      expect(await testDb.experimentExposure.findMany({ where: { complaintId: id }, select: { arm: true } })).toEqual([
        { arm },
      ]);
      amounts.set(arm, [...(amounts.get(arm) ?? []), Number(coupon.amount)]);
    }
    const results = await experimentResults({ db: testDb, actor: supervisor, experimentId });
    for (const arm of results.arms) {
      expect(arm.exposed).toBe(amounts.get(arm.key)?.length ?? 0);
      if (arm.exposed) expect(arm.summary.value).toBeCloseTo(arm.key === "B" ? 10 : 5, 10);
    }

    // Churn warnings as the metric: a warning for one exposed customer after the exposure counts for their arm.
    const [one] = filed;
    const exposure = await testDb.experimentExposure.findFirstOrThrow({ where: { complaintId: one!.id } });
    await testDb.callbackTask.create({
      data: { customerId: exposure.customerId, reason: "churn_warning", dedupeKey: `exp:${exposure.id}` },
    });
    await testDb.experiment.update({ where: { id: experimentId }, data: { metric: "churn_warnings" } });
    const churn = await experimentResults({ db: testDb, actor: supervisor, experimentId });
    const churnArm = churn.arms.find((a) => a.key === exposure.arm)!;
    expect(churnArm.summary.value).toBeCloseTo(1 / churnArm.exposed, 10);

    // Shipping B changes the rules: only an admin may; it becomes the rule's offer in a new version.
    expect((await refusal(shipExperimentArm({ db: testDb, actor: supervisor, experimentId, arm: "B" }))).code).toBe(
      "forbidden",
    );
    await shipExperimentArm({ db: testDb, actor: admin, experimentId, arm: "B" });
    const version = await testDb.handlingRuleVersion.findFirstOrThrow({ orderBy: { version: "desc" } });
    expect(version.version).toBe(3);
    expect((version.rules as { code: string; then: unknown }[]).find((r) => r.code === "late_coupon")!.then).toEqual({
      type: "offer_coupon",
      amountFen: 10_00,
      validDays: 14,
    });
    const after = await fileTestComplaint({ category: "delivery.late" });
    expect(after.complaint.compensations).toEqual([{ type: "coupon", amountFen: 10_00, status: "offered" }]);
    expect(await testDb.experimentExposure.count({ where: { complaintId: after.id } })).toBe(0);
  });

  it("an H5 form experiment: each customer sees their arm's type picker, the first view is recorded, completion is views → H5 submissions; the winner becomes the layout in force", async () => {
    const supervisor = await createStaff({ role: "supervisor" });
    const formInput = (overrides: Partial<ExperimentInput> = {}) =>
      input({
        name: "类型选择一步到位",
        variable: "h5_form",
        target: "type_picker",
        metric: "form_completion",
        variants: [{ form: "flat" }],
        ...overrides,
      });
    const fieldsOf = (value: unknown) => {
      try {
        parseInput(experimentSchema, value);
        return [];
      } catch (error) {
        return (error as AppError).fields.map((f) => `${f.path}:${f.code}`);
      }
    };
    expect(fieldsOf(formInput({ metric: "csat" }))).toEqual(["metric:metric_not_applicable"]);
    expect(fieldsOf(input({ metric: "form_completion" }))).toEqual(["metric:metric_not_applicable"]);
    expect(fieldsOf(formInput({ categories: ["product.quality"] }))).toEqual(["categories:not_applicable"]);
    const { id: experimentId } = await createExperiment({ db: testDb, actor: supervisor, input: formInput() });

    const orders = await Promise.all(Array.from({ length: 12 }, () => fileTestComplaint()));
    const views = new Map<string, { customerId: string; orderNo: string; arm: string }>();
    for (const { id, orderNo } of orders) {
      const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
      const arm = armForCustomer({ experimentId, customerId, sharePercent: 100, arms: ["A", "B"] })!;
      // Sticky, and a reload is not another view.
      expect(await formLayoutFor({ db: testDb, customerId })).toBe(arm === "B" ? "flat" : "two_step");
      expect(await formLayoutFor({ db: testDb, customerId })).toBe(arm === "B" ? "flat" : "two_step");
      views.set(customerId, { customerId, orderNo, arm });
    }
    expect(await testDb.experimentView.count({ where: { experimentId } })).toBe(12);
    // Every third customer files from the H5 after the view; one files through the shop API (not the form).
    const filers = [...views.values()].filter((_, i) => i % 3 === 0);
    for (const { customerId, orderNo } of filers)
      await createComplaint({
        db: testDb,
        actor: { type: "customer", customerId },
        input: { orderNo, category: "product.quality", description: "又烂了一个", imageIds: [] },
        source: "h5",
        keyring: testKeyring(),
        shopRefunds: false,
        now: new Date(Date.now() + 1000),
      });
    const results = await experimentResults({ db: testDb, actor: supervisor, experimentId });
    for (const arm of results.arms) {
      const seen = [...views.values()].filter((v) => v.arm === arm.key);
      const completed = filers.filter((f) => f.arm === arm.key).length;
      expect([arm.exposed, arm.summary.n]).toEqual([seen.length, seen.length]);
      if (seen.length) expect(arm.summary.value).toBeCloseTo(completed / seen.length, 10);
    }

    await shipExperimentArm({ db: testDb, actor: supervisor, experimentId, arm: "B" });
    const newcomer = await fileTestComplaint();
    const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id: newcomer.id } });
    expect(await formLayoutFor({ db: testDb, customerId })).toBe("flat");
  });

  it("an SLA policy experiment: intake sets each customer's arm's deadlines for the priority and records it with the complaint; the winner becomes the policy", async () => {
    const admin = await createStaff({ role: "admin" });
    const supervisor = await createStaff({ role: "supervisor" });
    const slaInput = input({
      name: "中优先级首响 60 分钟",
      variable: "sla_policy",
      target: "medium",
      metric: "csat",
      variants: [{ sla: { firstResponseMinutes: 60, resolutionPlanMinutes: 600 } }],
    });
    expect(() =>
      parseInput(experimentSchema, {
        ...slaInput,
        variants: [{ sla: { firstResponseMinutes: 60, resolutionPlanMinutes: 30 } }],
      }),
    ).toThrow(expect.objectContaining({ fields: [{ path: "variants.0.sla", code: "plan_before_response" }] }));
    expect(
      (await refusal(createExperiment({ db: testDb, actor: supervisor, input: { ...slaInput, target: "urgent" } })))
        .fields,
    ).toEqual([{ path: "target", code: "invalid" }]);
    const { id: experimentId } = await createExperiment({ db: testDb, actor: supervisor, input: slaInput });
    const policy = await testDb.slaPolicy.findUniqueOrThrow({ where: { priority: "medium" } });

    // Filed at once (intake's group commit writes them together, exposures included).
    const filed = await Promise.all(
      Array.from({ length: 10 }, (_, i) => fileTestComplaint({ category: "delivery.late", description: `送晚了${i}` })),
    );
    for (const { id } of filed) {
      const c = await testDb.complaint.findUniqueOrThrow({ where: { id } });
      expect(c.priority).toBe("medium");
      const arm = armForCustomer({ experimentId, customerId: c.customerId, sharePercent: 100, arms: ["A", "B"] })!;
      const minutes = arm === "B" ? 60 : policy.firstResponseMinutes;
      expect(c.firstResponseDueAt.getTime() - c.createdAt.getTime()).toBe(minutes * 60_000);
      expect(await testDb.experimentExposure.findMany({ where: { complaintId: id }, select: { arm: true } })).toEqual([
        { arm },
      ]);
    }
    // Another priority is not in it.
    const high = await fileTestComplaint({ category: "product.quality" });
    expect(await testDb.experimentExposure.count({ where: { complaintId: high.id } })).toBe(0);

    expect((await refusal(shipExperimentArm({ db: testDb, actor: supervisor, experimentId, arm: "B" }))).code).toBe(
      "forbidden",
    );
    await shipExperimentArm({ db: testDb, actor: admin, experimentId, arm: "B" });
    expect(await testDb.slaPolicy.findUniqueOrThrow({ where: { priority: "medium" } })).toMatchObject({
      firstResponseMinutes: 60,
      resolutionPlanMinutes: 600,
    });
  });
});
