import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { addInternalNote } from "../../lib/complaints/handling/add-internal-note";
import { assignComplaint } from "../../lib/complaints/handling/assign-complaint";
import { claimComplaint } from "../../lib/complaints/handling/claim-complaint";
import { escalateComplaint } from "../../lib/complaints/handling/escalate-complaint";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { requestInformation } from "../../lib/complaints/handling/request-information";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { reopenComplaint } from "../../lib/complaints/handling/reopen-complaint";
import { answerInformationRequest } from "../../lib/complaints/customer/answer-information-request";
import { claimCompensation } from "../../lib/complaints/customer/claim-compensation";
import { confirmResolution } from "../../lib/complaints/customer/confirm-resolution";
import { rejectResolution } from "../../lib/complaints/customer/reject-resolution";
import { getComplaintView } from "../../lib/complaints/get-complaint-view";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

let agent: StaffActor;
let expert: StaffActor;
let supervisor: StaffActor;
beforeEach(async () => {
  await resetData();
  [agent, expert, supervisor] = [
    await createStaff({ role: "agent", groupCodes: ["product"] }),
    await createStaff({ role: "expert", groupCodes: ["product"] }),
    await createStaff({ role: "supervisor" }),
  ];
});

const version = async (id: string) =>
  (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const customerOf = async (id: string) =>
  (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { customerId: true } })).customerId;

describe("handling a complaint", () => {
  it("runs claim → reply → escalate → expert resolves with a coupon → customer claims and confirms, all on the timeline and in the audit log", async () => {
    const { id } = await fileTestComplaint({ category: "product.quality" });
    await claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 0 });
    await replyToComplaint({
      db: testDb,
      actor: agent,
      complaintId: id,
      version: 1,
      text: "非常抱歉，我们马上处理",
      templateCode: "apology",
    });
    await addInternalNote({ db: testDb, actor: agent, complaintId: id, version: 2, text: "客户语气激动" });
    await escalateComplaint({ db: testDb, actor: agent, complaintId: id, version: 3, reason: "需要专家判断" });
    let row = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "processing", escalationLevel: 1, assigneeId: null });
    expect(row.firstRespondedAt).not.toBeNull();

    await expect(claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 4 })).rejects.toMatchObject({
      code: "escalated_to_l2",
    });
    await claimComplaint({ db: testDb, actor: expert, complaintId: id, version: 4 });
    await resolveComplaint({
      db: testDb,
      actor: expert,
      complaintId: id,
      version: 5,
      outcome: "coupon",
      note: "送您一张10元无门槛券",
      amount: "10",
      shopRefunds: false,
      keyring: testKeyring(),
    });
    row = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "resolved", slaDueAt: null });

    const customerId = await customerOf(id);
    const [coupon] = await testDb.compensation.findMany({ where: { complaintId: id } });
    expect(coupon).toMatchObject({ type: "coupon", status: "offered" });
    expect(coupon!.validUntil!.getTime() - coupon!.createdAt.getTime()).toBe(7 * 86_400_000);
    const claims = await Promise.all(
      [1, 2, 3].map(() => claimCompensation({ db: testDb, customerId, compensationId: coupon!.id })),
    );
    expect(claims.filter((c) => c.claimedNow)).toHaveLength(1);
    await confirmResolution({ db: testDb, customerId, complaintId: id });

    const { order } = await testDb.complaint.findUniqueOrThrow({
      where: { id },
      select: { order: { select: { orderNo: true } } },
    });
    const view = await getComplaintView({
      db: testDb,
      id,
      viewer: { kind: "customer", principal: { customerId, orderNos: [order.orderNo] } },
    });
    expect(view.status).toBe("closed");
    const kinds = view.timeline.map((e) => e.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(["reply", "escalated_notice", "resolved", "compensation_claimed", "resolution_confirmed"]),
    );
    expect(kinds).not.toContain("note");
    expect(kinds).not.toContain("escalated");
    const audit = (await testDb.auditLog.findMany({ where: { targetId: id }, orderBy: { id: "asc" } })).map(
      (e) => e.action,
    );
    expect(audit).toEqual([
      "complaint.created",
      "complaint.claim",
      "complaint.reply",
      "complaint.note",
      "complaint.escalate",
      "complaint.claim",
      "complaint.resolve",
      "complaint.customer_confirm",
    ]);
  });

  it("refuses a stale form: the version the form showed must still be current", async () => {
    const { id } = await fileTestComplaint();
    await claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 0 });
    await expect(
      replyToComplaint({ db: testDb, actor: agent, complaintId: id, version: 0, text: "旧表单" }),
    ).rejects.toMatchObject({ code: "stale_complaint" });
    expect(await testDb.complaintEvent.count({ where: { complaintId: id, kind: "reply" } })).toBe(0);
  });

  it("refuses transitions the status machine does not allow, writing nothing", async () => {
    const { id } = await fileTestComplaint();
    await expect(
      reopenComplaint({ db: testDb, actor: expert, complaintId: id, version: 0, reason: "x" }),
    ).rejects.toMatchObject({ code: "illegal_transition" });
    await expect(
      confirmResolution({ db: testDb, customerId: await customerOf(id), complaintId: id }),
    ).rejects.toMatchObject({ code: "illegal_transition" });
    expect(await version(id)).toBe(0);
  });

  it("pauses the SLA while waiting for the customer and resumes when they answer", async () => {
    const t0 = new Date("2026-11-22T10:00:00Z");
    const { id } = await fileTestComplaint({ now: t0 });
    const before = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    await requestInformation({
      db: testDb,
      actor: agent,
      complaintId: id,
      version: 0,
      text: "请补充照片",
      now: new Date(t0.getTime() + 60_000),
    });
    expect(await testDb.complaint.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "waiting_customer",
      slaDueAt: null,
    });
    await answerInformationRequest({
      db: testDb,
      customerId: await customerOf(id),
      complaintId: id,
      text: "已补充",
      now: new Date(t0.getTime() + 61 * 60_000),
    });
    const after = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    expect(after.status).toBe("processing");
    expect(after.resolutionDueAt.getTime() - before.resolutionDueAt.getTime()).toBe(60 * 60_000);
    expect(after.slaDueAt).toEqual(after.resolutionDueAt);
  });

  it("reopens on the customer's rejection with a fresh deadline", async () => {
    const { id } = await fileTestComplaint();
    await resolveComplaint({
      db: testDb,
      actor: agent,
      complaintId: id,
      version: 0,
      outcome: "explanation",
      note: "已说明",
      shopRefunds: false,
      keyring: testKeyring(),
    });
    await rejectResolution({ db: testDb, customerId: await customerOf(id), complaintId: id, reason: "没有解决问题" });
    const row = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("processing");
    expect(row.slaDueAt!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
  });

  it("assigns only to eligible staff of the complaint's group", async () => {
    const { id } = await fileTestComplaint({ category: "product.quality" });
    const deliveryAgent = await createStaff({ role: "agent", groupCodes: ["delivery"] });
    await expect(
      assignComplaint({ db: testDb, actor: supervisor, complaintId: id, version: 0, assigneeId: deliveryAgent.id }),
    ).rejects.toMatchObject({ code: "assignee_not_eligible" });
    await assignComplaint({ db: testDb, actor: supervisor, complaintId: id, version: 0, assigneeId: agent.id });
    await expect(claimComplaint({ db: testDb, actor: expert, complaintId: id, version: 1 })).rejects.toMatchObject({
      code: "already_assigned",
    });
  });

  it("hides other groups' complaints from agents, and other customers' from customers", async () => {
    const { id } = await fileTestComplaint({ category: "delivery.late" });
    await expect(claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 0 })).rejects.toMatchObject({
      code: "complaint_not_found",
    });
    const other = await fileTestComplaint();
    await expect(
      confirmResolution({ db: testDb, customerId: await customerOf(other.id), complaintId: id }),
    ).rejects.toMatchObject({ code: "complaint_not_found" });
  });
});

describe("compensation", () => {
  it("happens exactly once under 10 parallel identical resolve clicks", async () => {
    const { id } = await fileTestComplaint({ amount: "88.00" });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        resolveComplaint({
          db: testDb,
          actor: expert,
          complaintId: id,
          version: 0,
          outcome: "refund",
          note: "全额退款",
          amount: "88.00",
          shopRefunds: false,
          keyring: testKeyring(),
        }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "stale_complaint" });
    expect(await testDb.compensation.count({ where: { complaintId: id } })).toBe(1);
    expect(await testDb.complaintEvent.count({ where: { complaintId: id, kind: "resolved" } })).toBe(1);
  });

  it("never refunds more than the order amount minus earlier refunds, across complaints on one order", async () => {
    const { id, orderNo } = await fileTestComplaint({ amount: "88.00" });
    await resolveComplaint({
      db: testDb,
      actor: expert,
      complaintId: id,
      version: 0,
      outcome: "refund",
      note: "部分退款",
      amount: "60",
      shopRefunds: false,
      keyring: testKeyring(),
    });
    const order = await testDb.order.findUniqueOrThrow({ where: { orderNo } });
    const second = await testDb.complaint.create({
      data: {
        orderId: order.id,
        customerId: order.customerId,
        category: "product.mismatch",
        description: "再次投诉",
        priority: "medium",
        urgencyScore: 0,
        urgencyReasons: [],
        groupId: (await testDb.complaint.findUniqueOrThrow({ where: { id } })).groupId,
        source: "api",
        firstResponseDueAt: new Date(),
        resolutionDueAt: new Date(),
      },
    });
    await expect(
      resolveComplaint({
        db: testDb,
        actor: expert,
        complaintId: second.id,
        version: 0,
        outcome: "refund",
        note: "再退",
        amount: "28.01",
        shopRefunds: false,
        keyring: testKeyring(),
      }),
    ).rejects.toMatchObject({ code: "refund_exceeds_order", params: { max: "¥28.00" } });
    await resolveComplaint({
      db: testDb,
      actor: expert,
      complaintId: second.id,
      version: 0,
      outcome: "refund",
      note: "再退",
      amount: "28.00",
      shopRefunds: false,
      keyring: testKeyring(),
    });
    expect(await testDb.compensation.count({ where: { orderId: order.id } })).toBe(2);
  });

  it("checks the amount for the outcome and the role for the compensation type", async () => {
    const { id } = await fileTestComplaint();
    await expect(
      resolveComplaint({
        db: testDb,
        actor: agent,
        complaintId: id,
        version: 0,
        outcome: "refund",
        note: "x",
        amount: "1",
        shopRefunds: false,
        keyring: testKeyring(),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      resolveComplaint({
        db: testDb,
        actor: agent,
        complaintId: id,
        version: 0,
        outcome: "coupon",
        note: "x",
        amount: "abc",
        shopRefunds: false,
        keyring: testKeyring(),
      }),
    ).rejects.toMatchObject({ code: "validation_failed", fields: [{ path: "amount", code: "money" }] });
    await expect(
      resolveComplaint({
        db: testDb,
        actor: agent,
        complaintId: id,
        version: 0,
        outcome: "points",
        note: "x",
        amount: "1.5",
        shopRefunds: false,
        keyring: testKeyring(),
      }),
    ).rejects.toMatchObject({ fields: [{ path: "amount", code: "points" }] });
    expect(await testDb.compensation.count()).toBe(0);
    expect(await version(id)).toBe(0);
  });
});
