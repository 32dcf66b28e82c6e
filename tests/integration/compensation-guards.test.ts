import { afterAll, beforeEach, describe, expect, it } from "vitest";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { grantCompensation } from "../../lib/compensation/grant-compensation";
import { claimComplaint } from "../../lib/complaints/handling/claim-complaint";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { escalateComplaint } from "../../lib/complaints/handling/escalate-complaint";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { rejectResolution } from "../../lib/complaints/customer/reject-resolution";
import { availableActions } from "../../lib/complaints/available-actions";
import { readSetting } from "../../lib/app-settings";
import { COMPENSATION_LIMITS, updateCompensationLimits } from "../../lib/compensation/compensation-limits";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { shopApi } from "../support/shop-api";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

/** Issue 12, points 2 and 3: which orders may be refunded, one lock for every compensation, who acts at which level, caps. */
afterAll(() => testDb.$disconnect());

let agent: StaffActor;
let otherAgent: StaffActor;
let expert: StaffActor;
let supervisor: StaffActor;
let admin: StaffActor;
beforeEach(async () => {
  await resetData();
  [agent, otherAgent, expert, supervisor, admin] = [
    await createStaff({ role: "agent" }),
    await createStaff({ role: "agent" }),
    await createStaff({ role: "expert" }),
    await createStaff({ role: "supervisor" }),
    await createStaff({ role: "admin" }),
  ];
});

const keyring = testKeyring();
const version = async (id: string) =>
  (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const refundedOn = async (orderNo: string) => {
  const rows = await testDb.compensation.findMany({
    where: { type: "refund", order: { orderNo } },
    select: { amount: true },
  });
  return rows.reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0);
};
const outOfStock = (orderNo: string) =>
  createComplaint({
    db: testDb,
    actor: { type: "shop" },
    input: { orderNo, category: "product.out_of_stock", description: "缺货了", imageIds: [] },
    source: "api",
    keyring,
  });
const resolve = (
  actor: StaffActor,
  complaintId: string,
  v: number,
  outcome: "refund" | "coupon" | "points",
  amount: string,
  capOverrideReason?: string,
) =>
  resolveComplaint({
    db: testDb,
    actor,
    complaintId,
    version: v,
    outcome,
    note: "补偿",
    amount,
    capOverrideReason,
    shopRefunds: false,
    keyring,
  });

describe("the automatic refund looks at the order", () => {
  for (const status of ["pending", "paid", "cancelled", "refunded"] as const) {
    it(`does not refund a ${status} order under ¥50`, async () => {
      const { complaint, orderNo } = await fileTestComplaint({
        category: "product.out_of_stock",
        description: "缺货",
        amount: "25.80",
        orderStatus: status,
      });
      expect(complaint.status).toBe("new");
      expect(complaint.compensations).toEqual([]);
      expect(await refundedOn(orderNo)).toBe(0);
    });
  }
  for (const status of ["shipped", "delivered"] as const) {
    it(`refunds a ${status} order under ¥50`, async () => {
      const { complaint, orderNo } = await fileTestComplaint({
        category: "product.out_of_stock",
        description: "缺货",
        amount: "25.80",
        orderStatus: status,
      });
      expect(complaint.status).toBe("resolved");
      expect(await refundedOn(orderNo)).toBe(25_80);
    });
  }
  it("staff cannot refund a cancelled or refunded order", async () => {
    for (const orderStatus of ["cancelled", "refunded", "pending"] as const) {
      const { id } = await fileTestComplaint({ amount: "88.00", orderStatus });
      await expect(resolve(expert, id, 0, "refund", "10")).rejects.toMatchObject({ code: "order_not_refundable" });
    }
  });
});

describe("one lock for every compensation on an order", () => {
  it("an auto-refund filed while a staff refund on the same order is uncommitted waits for it and pays nothing more", async () => {
    const { id, orderNo } = await fileTestComplaint({ category: "product.quality", amount: "25.80" });
    const order = await testDb.order.findUniqueOrThrow({ where: { orderNo }, select: { id: true, customerId: true } });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let granted!: () => void;
    const grantedOnce = new Promise<void>((resolve) => (granted = resolve));
    // The staff side: a full refund granted inside a transaction that stays open until released.
    const staff = testDb.$transaction(
      async (tx) => {
        await grantCompensation({
          tx,
          complaintId: id,
          orderId: order.id,
          customerId: order.customerId,
          request: { type: "refund", amountFen: 25_80 },
          actor: expert,
          idempotencyKey: `race:${id}`,
          shopRefunds: false,
          keyring,
          now: new Date(),
        });
        granted();
        await held;
      },
      { timeout: 20_000 },
    );
    await grantedOnce;
    const intake = outOfStock(orderNo);
    // Without the order lock the intake finishes here, refunding the order a second time.
    const early = await Promise.race([
      intake.then(() => "finished"),
      new Promise((resolve) => setTimeout(() => resolve("waiting"), 500)),
    ]);
    release();
    await staff;
    const { complaint } = await intake;
    expect(early).toBe("waiting");
    expect(complaint.status).toBe("new");
    expect(await refundedOn(orderNo)).toBe(25_80);
  });

  it("racing staff refunds and auto-refunds never pay out more than the order cost", async () => {
    for (let round = 0; round < 8; round += 1) {
      const { id, orderNo } = await fileTestComplaint({ category: "product.quality", amount: "30.00" });
      const outcomes = await Promise.allSettled([
        resolve(expert, id, 0, "refund", "30.00"),
        outOfStock(orderNo),
        outOfStock(orderNo),
      ]);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
      expect(rejected.map((o) => o.reason.code).filter((code) => code !== "refund_exceeds_order")).toEqual([]);
      // Exactly the order amount went out, whichever side won: the staff refund or one auto-refund.
      expect(await refundedOn(orderNo)).toBe(30_00);
    }
  });
});

describe("the lock order holds between writers", () => {
  it("a shop re-sending an order while staff grant coupons on it never deadlocks", async () => {
    for (let round = 0; round < 6; round += 1) {
      const { id, orderNo } = await fileTestComplaint({ amount: "88.00" });
      const order = await testDb.order.findUniqueOrThrow({ where: { orderNo }, include: { customer: true } });
      const body = {
        customer: {
          externalId: order.customer.externalId,
          name: order.customer.name,
          phone: "13900000001",
          region: "上海",
        },
        items: [{ sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", quantity: 1, unitPrice: "88.00" }],
        amount: "88.00",
        status: "delivered",
        placedAt: order.placedAt.toISOString(),
      };
      const outcomes = await Promise.allSettled([
        resolve(agent, id, 0, "coupon", "10"),
        shopApi.putOrder(orderNo, body),
        shopApi.putOrder(orderNo, body),
      ]);
      expect(
        outcomes.map((o) => (o.status === "fulfilled" ? "ok" : String((o.reason as Error).message).slice(0, 120))),
      ).toEqual(["ok", "ok", "ok"]);
      const statuses = await Promise.all(
        outcomes.slice(1).map((o) => (o as PromiseFulfilledResult<Response>).value.status),
      );
      expect(statuses).toEqual([200, 200]);
    }
  });
});

describe("who may act at each escalation level", () => {
  it("an L1 agent cannot resolve or reply on an escalated complaint; an expert can", async () => {
    const { id } = await fileTestComplaint();
    await escalateComplaint({ db: testDb, actor: agent, complaintId: id, version: 0, reason: "需要专家" });
    await expect(resolve(agent, id, 1, "coupon", "10")).rejects.toMatchObject({ code: "escalated_to_l2" });
    await expect(
      replyToComplaint({ db: testDb, actor: agent, complaintId: id, version: 1, text: "您好" }),
    ).rejects.toMatchObject({ code: "escalated_to_l2" });
    await expect(claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 1 })).rejects.toMatchObject({
      code: "escalated_to_l2",
    });
    const state = await testDb.complaint.findUniqueOrThrow({
      where: { id },
      select: { status: true, assigneeId: true, escalationLevel: true },
    });
    expect(availableActions({ actor: agent, complaint: state })).toMatchObject({
      resolve: false,
      reply: false,
      claim: false,
    });
    expect(availableActions({ actor: expert, complaint: state })).toMatchObject({
      resolve: true,
      reply: true,
      claim: true,
    });
    await resolve(expert, id, 1, "coupon", "10");
  });

  it("an agent cannot resolve or reply on a colleague's complaint; a supervisor can", async () => {
    const { id } = await fileTestComplaint();
    await claimComplaint({ db: testDb, actor: otherAgent, complaintId: id, version: 0 });
    await expect(resolve(agent, id, 1, "coupon", "10")).rejects.toMatchObject({ code: "held_by_colleague" });
    await expect(
      replyToComplaint({ db: testDb, actor: agent, complaintId: id, version: 1, text: "您好" }),
    ).rejects.toMatchObject({ code: "held_by_colleague" });
    await expect(
      escalateComplaint({ db: testDb, actor: agent, complaintId: id, version: 1, reason: "x" }),
    ).rejects.toMatchObject({ code: "held_by_colleague" });
    const state = await testDb.complaint.findUniqueOrThrow({
      where: { id },
      select: { status: true, assigneeId: true, escalationLevel: true },
    });
    expect(availableActions({ actor: agent, complaint: state })).toMatchObject({ resolve: false, reply: false });
    expect(availableActions({ actor: otherAgent, complaint: state })).toMatchObject({ resolve: true, reply: true });
    await resolve(supervisor, id, 1, "coupon", "10");
  });
});

describe("compensation caps", () => {
  it("reject-then-resolve cycles cannot stack coupons past the per-complaint cap; a supervisor overrides with a reason, audited", async () => {
    const { id, complaint } = await fileTestComplaint();
    const customerId = (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { customerId: true } }))
      .customerId;
    await resolve(agent, id, 0, "coupon", "150");
    await rejectResolution({ db: testDb, customerId, complaintId: id, reason: "不满意" });
    // ¥150 + ¥100 > ¥200: refused, the complaint unchanged.
    await expect(resolve(agent, id, await version(id), "coupon", "100")).rejects.toMatchObject({
      code: "compensation_cap_complaint",
      params: { left: "¥50.00" },
    });
    // A supervisor without a reason is told to give one; with one it goes through and is audited.
    await expect(resolve(supervisor, id, await version(id), "coupon", "100")).rejects.toMatchObject({
      code: "compensation_cap_complaint",
      fields: [{ path: "capOverrideReason" }],
    });
    await resolve(supervisor, id, await version(id), "coupon", "100", "客户第三次收到坏果");
    const coupons = await testDb.compensation.findMany({ where: { complaintId: id, type: "coupon" } });
    expect(coupons.map((c) => Number(c.amount)).sort()).toEqual([100, 150]);
    const audit = await testDb.auditLog.findFirstOrThrow({ where: { action: "compensation.cap_override" } });
    expect(audit.actorId).toBe(supervisor.id);
    expect(audit.after).toMatchObject({
      complaintId: complaint.id,
      scope: "complaint",
      reason: "客户第三次收到坏果",
      cap: "¥200.00",
      usedBefore: "¥150.00",
    });
    // An agent's reason counts for nothing.
    await rejectResolution({ db: testDb, customerId, complaintId: id, reason: "还是不满意" });
    await expect(resolve(agent, id, await version(id), "coupon", "10", "我觉得可以")).rejects.toMatchObject({
      code: "compensation_cap_complaint",
    });
  });

  it("caps a customer's coupons over 30 days across complaints, also when two are granted at once", async () => {
    const customer = `CU-CAP-${Date.now()}`;
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await fileTestComplaint({ customerExternalId: customer })).id);
    await resolve(agent, ids[0]!, 0, "coupon", "200");
    // ¥200 + ¥200 + ¥200 > ¥500: of two at once, exactly one fits.
    const outcomes = await Promise.allSettled([
      resolve(agent, ids[1]!, 0, "coupon", "200"),
      resolve(otherAgent, ids[2]!, 0, "coupon", "200"),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect((outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      code: "compensation_cap_customer",
      params: { left: "¥100.00" },
    });
  });

  it("points are capped too", async () => {
    const { id } = await fileTestComplaint();
    await expect(resolve(agent, id, 0, "points", "20001")).rejects.toMatchObject({
      code: "compensation_cap_complaint",
    });
    await resolve(agent, id, 0, "points", "20000");
  });

  it("the caps are settings: admins change them (audited, stale forms refused); the new cap applies at once", async () => {
    const { version: v0 } = await readSetting({ db: testDb, setting: COMPENSATION_LIMITS });
    const lowered = { ...COMPENSATION_LIMITS.defaults, couponYuanPerComplaint: 50 };
    await updateCompensationLimits({ db: testDb, actor: admin, input: lowered, expectedVersion: v0 });
    await expect(
      updateCompensationLimits({ db: testDb, actor: admin, input: lowered, expectedVersion: v0 }),
    ).rejects.toMatchObject({ code: "stale_settings" });
    await expect(
      updateCompensationLimits({ db: testDb, actor: supervisor, input: lowered, expectedVersion: v0 + 1 }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect((await readSetting({ db: testDb, setting: COMPENSATION_LIMITS })).value.couponYuanPerComplaint).toBe(50);
    const audit = await testDb.auditLog.findFirstOrThrow({ where: { action: "settings.compensation_limits" } });
    expect(audit.before).toMatchObject({ couponYuanPerComplaint: 200 });
    expect(audit.after).toMatchObject({ couponYuanPerComplaint: 50 });
    const { id } = await fileTestComplaint();
    await expect(resolve(agent, id, 0, "coupon", "60")).rejects.toMatchObject({ code: "compensation_cap_complaint" });
    await resolve(agent, id, 0, "coupon", "50");
  });
});
