import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { churnWatch } from "../../inngest/functions/churn-watch";
import { satisfactionLoop } from "../../inngest/functions/satisfaction-loop";
import { verifyH5LinkToken } from "../../lib/auth/h5-link";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { decryptField } from "../../lib/crypto/field-encryption";
import { deliverNotification } from "../../lib/notify/deliver-notification";
import { saveChannel } from "../../lib/notify/manage-channels";
import { closeUnconfirmed } from "../../lib/surveys/close-unconfirmed";
import { submitSurvey } from "../../lib/surveys/submit-survey";
import { shouldAskNps } from "../../lib/surveys/survey-rules";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

const keyring = testKeyring();
let expert: StaffActor;
let admin: StaffActor;
beforeEach(async () => {
  await resetData();
  expert = await createStaff({ role: "expert" });
  admin = await createStaff({ role: "admin" });
});

/** A resolved complaint; `sampled` picks an id the NPS sample includes (or excludes). */
async function resolved({
  customerExternalId,
  sampled = false,
}: { customerExternalId?: string; sampled?: boolean } = {}) {
  const { id: template } = await fileTestComplaint({ customerExternalId });
  const base = await testDb.complaint.findUniqueOrThrow({ where: { id: template } });
  let id = randomUUID();
  while (shouldAskNps({ complaintId: id, lastAskedAt: null, now: new Date() }) !== sampled) id = randomUUID();
  const { id: _id, idempotencyKey: _k, searchTerms: _s, createdAt: _c, updatedAt: _u, ...rest } = base;
  await testDb.complaint.create({ data: { ...rest, id, urgencyReasons: rest.urgencyReasons } });
  await resolveComplaint({
    db: testDb,
    actor: expert,
    complaintId: id,
    version: 0,
    outcome: "explanation",
    note: "已处理",
    shopRefunds: false,
    keyring,
  });
  return { id, customerId: base.customerId };
}

describe("surveys", () => {
  it("ask NPS of the sampled complaints only, at most once per customer per 30 days", async () => {
    const first = await resolved({ customerExternalId: "CU-NPS", sampled: true });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id: first.id } })).surveyAsksNps).toBe(true);
    const second = await resolved({ customerExternalId: "CU-NPS", sampled: true });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id: second.id } })).surveyAsksNps).toBe(false);
    const unsampled = await resolved({ sampled: false });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id: unsampled.id } })).surveyAsksNps).toBe(false);
  });

  it("take one answer per complaint, NPS only where asked, from its owner only, once resolved", async () => {
    const { id, customerId } = await resolved({ sampled: false });
    await expect(
      submitSurvey({ db: testDb, customerId, input: { complaintId: id, csat: 4, nps: 9, comment: "" } }),
    ).rejects.toMatchObject({ fields: [{ path: "nps", code: "invalid" }] });
    await expect(
      submitSurvey({ db: testDb, customerId: randomUUID(), input: { complaintId: id, csat: 4, comment: "" } }),
    ).rejects.toMatchObject({ code: "complaint_not_found" });
    await submitSurvey({ db: testDb, customerId, input: { complaintId: id, csat: 4, comment: "谢谢" } });
    await expect(
      submitSurvey({ db: testDb, customerId, input: { complaintId: id, csat: 5, comment: "" } }),
    ).rejects.toMatchObject({ code: "survey_already_answered" });
    expect(await testDb.outboxEvent.count({ where: { name: "kesu/survey.answered" } })).toBe(1);
    const open = await fileTestComplaint();
    await expect(
      submitSurvey({
        db: testDb,
        customerId: (await testDb.complaint.findUniqueOrThrow({ where: { id: open.id } })).customerId,
        input: { complaintId: open.id, csat: 3, comment: "" },
      }),
    ).rejects.toMatchObject({ code: "illegal_transition" });
  });
});

describe("the satisfaction loop (inngest/functions/satisfaction-loop.ts)", () => {
  async function run(complaintId: string, confirmation: unknown) {
    const event = await testDb.outboxEvent.findFirstOrThrow({
      where: { aggregateId: complaintId, name: "kesu/complaint.resolved" },
    });
    const engine = new InngestTestEngine({
      function: satisfactionLoop,
      events: [{ id: `kesu-outbox-${event.id}`, name: event.name, data: event.data as Record<string, unknown> }],
      steps: [{ id: "deliver", handler: () => ({ ids: [] }) }],
      // The SDK's waitForEvent cannot be mocked through `steps` (EventValidationError): replace it.
      transformCtx: (ctx) => ({ ...ctx, step: { ...ctx.step, waitForEvent: async () => confirmation } }) as typeof ctx,
    });
    return engine.execute();
  }

  it("tells the customer by SMS in their language with a signed link, then closes as confirmed after 72 h of silence", async () => {
    await saveChannel({
      db: testDb,
      actor: admin,
      keyring,
      input: { kind: "sms", name: "短信", enabled: true, topics: ["complaint_result"], config: { driver: "log" } },
    });
    const { id, customerId } = await resolved();
    await testDb.customer.update({ where: { id: customerId }, data: { locale: "en" } });
    const { result } = await run(id, null);
    expect(result).toEqual({ closed: true });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id } })).status).toBe("closed");
    expect(
      await testDb.complaintEvent.count({ where: { complaintId: id, kind: "auto_closed", customerVisible: true } }),
    ).toBe(1);

    const [sms] = await testDb.notificationDelivery.findMany({ where: { complaintId: id } });
    expect(sms!.body).toMatch(/^Hello, your "Quality problem" complaint has been handled/);
    expect(
      decryptField({
        sealed: sms!.recipientEnc!,
        context: { column: "notification_deliveries.recipient_enc", row: sms!.id },
        keyring,
      }),
    ).toBe("13900000001");
    // Stored with a placeholder, not a working link: the link is signed when the SMS goes out.
    expect(sms!.body).toContain("{h5_link}");
    expect(sms!.body).not.toMatch(/h5\/enter|[?&]t=/);
    const sent: string[] = [];
    await deliverNotification({
      db: testDb,
      deliveryId: sms!.id,
      keyring,
      send: async ({ message }) => (sent.push(message.text), { ok: true }),
    });
    const token = new URL(/https?:\/\/\S+/.exec(sent[0]!)![0]).searchParams.get("t")!;
    const link = verifyH5LinkToken({ token, secret: process.env.H5_LINK_SECRET! });
    expect(link.ok && link.payload).toMatchObject({ c: customerId, k: id });
  });

  it("stops when the customer confirms, and a late timeout closes nothing", async () => {
    const { id } = await resolved();
    expect((await run(id, { name: "kesu/complaint.resolution_confirmed", data: { complaintId: id } })).result).toEqual({
      outcome: "confirmed",
    });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id } })).status).toBe("resolved");
    await testDb.complaint.update({ where: { id }, data: { status: "processing" } });
    expect(await closeUnconfirmed({ db: testDb, complaintId: id })).toEqual({ closed: false });
  });
});

describe("churn warning (inngest/functions/churn-watch.ts)", () => {
  it("on the third dissatisfied answer in a row: a callback task, a coupon and a robot alert, once", async () => {
    await saveChannel({
      db: testDb,
      actor: admin,
      keyring,
      input: {
        kind: "wecom_robot",
        name: "客服群",
        enabled: true,
        topics: ["churn_warning"],
        config: { webhookUrl: "http://127.0.0.1:9/robot" },
      },
    });
    const answers: Awaited<ReturnType<typeof testDb.outboxEvent.findFirstOrThrow>>[] = [];
    for (const csat of [1, 2, 2]) {
      const { id, customerId } = await resolved({ customerExternalId: "CU-CHURN" });
      await submitSurvey({ db: testDb, customerId, input: { complaintId: id, csat, comment: "" } });
      answers.push(
        await testDb.outboxEvent.findFirstOrThrow({ where: { aggregateId: id, name: "kesu/survey.answered" } }),
      );
    }
    const runFor = (event: (typeof answers)[number]) =>
      new InngestTestEngine({
        function: churnWatch,
        events: [{ name: event.name, data: event.data as Record<string, unknown> }],
        steps: [{ id: "alert", handler: () => ({ ids: [] }) }],
      }).execute();
    expect((await runFor(answers[1]!)).result).toEqual({ churn: false });
    expect((await runFor(answers[2]!)).result).toEqual({ churn: true });
    expect((await runFor(answers[2]!)).result).toEqual({ churn: true });
    expect(await testDb.callbackTask.count({ where: { reason: "churn_warning" } })).toBe(1);
    const coupons = await testDb.compensation.findMany({ where: { idempotencyKey: { startsWith: "churn-coupon:" } } });
    expect(coupons).toHaveLength(1);
    expect(coupons[0]).toMatchObject({ type: "coupon", status: "offered" });
    const alerts = await testDb.notificationDelivery.findMany({ where: { topic: "churn_warning" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.body).toContain("连续 3 次评价不满意");
    expect(
      await testDb.auditLog.count({ where: { action: "compensation.churn_coupon", targetId: coupons[0]!.id } }),
    ).toBe(1);

    // A fourth low answer is still a churn warning, but no second coupon within 30 days: rating
    // complaint after complaint low does not farm coupons.
    const { id, customerId } = await resolved({ customerExternalId: "CU-CHURN" });
    await submitSurvey({ db: testDb, customerId, input: { complaintId: id, csat: 1, comment: "" } });
    const fourth = await testDb.outboxEvent.findFirstOrThrow({
      where: { aggregateId: id, name: "kesu/survey.answered" },
    });
    expect((await runFor(fourth)).result).toEqual({ churn: true });
    expect(await testDb.compensation.count({ where: { idempotencyKey: { startsWith: "churn-coupon:" } } })).toBe(1);
  });
});
