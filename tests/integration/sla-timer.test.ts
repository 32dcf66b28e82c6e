import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { slaTimer } from "../../inngest/functions/sla-timer";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { claimComplaint } from "../../lib/complaints/handling/claim-complaint";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { requestInformation } from "../../lib/complaints/handling/request-information";
import { handleSlaDeadline } from "../../lib/sla/handle-sla-deadline";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

let agent: StaffActor;
let expert: StaffActor;
let supervisor: StaffActor;
beforeEach(async () => {
  await resetData();
  agent = await createStaff({ role: "agent", groupCodes: ["product"] });
  expert = await createStaff({ role: "expert", groupCodes: ["product"] });
  supervisor = await createStaff({ role: "supervisor", groupCodes: ["product"] });
});

/** The function as Inngest would run it, with the two sleeps skipped (no Inngest server here). */
async function runTimer(complaintId: string) {
  const [scheduled] = await testDb.outboxEvent.findMany({
    where: { aggregateId: complaintId, name: "kesu/complaint.sla_scheduled" },
    orderBy: { id: "desc" },
    take: 1,
  });
  const engine = new InngestTestEngine({
    function: slaTimer,
    events: [{ name: scheduled!.name, data: scheduled!.data as Record<string, unknown> }],
    steps: [
      { id: "wait-for-warning", handler() {} },
      { id: "wait-for-deadline", handler() {} },
    ],
  });
  return engine.execute();
}

const kinds = async (id: string) =>
  (await testDb.complaintEvent.findMany({ where: { complaintId: id }, orderBy: { id: "asc" } })).map((e) => e.kind);

describe("SLA timer (inngest/functions/sla-timer.ts)", () => {
  it("warns, then at a missed first-response deadline breaches and escalates L1 → the group's expert", async () => {
    const { id } = await fileTestComplaint({ category: "product.quality", now: new Date(Date.now() - 40 * 60_000) });
    await claimComplaint({ db: testDb, actor: agent, complaintId: id, version: 0 });
    const { result } = await runTimer(id);
    expect(result).toMatchObject({ outcome: "breached", escalatedTo: expert.id, escalationLevel: 1 });
    const complaint = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    expect(complaint).toMatchObject({ assigneeId: expert.id, escalationLevel: 1, slaBreachCount: 1 });
    expect(await kinds(id)).toEqual(expect.arrayContaining(["sla_warning", "sla_breached"]));
    expect(await testDb.auditLog.count({ where: { targetId: id, action: "complaint.sla_breach" } })).toBe(1);
    expect(
      await testDb.outboxEvent.count({
        where: { aggregateId: id, name: { in: ["kesu/complaint.sla_warning", "kesu/complaint.sla_breached"] } },
      }),
    ).toBe(2);
  });

  it("does nothing when the deadline stopped running (answered in time)", async () => {
    const { id } = await fileTestComplaint({ category: "product.quality" });
    const [firstDeadline] = await testDb.outboxEvent.findMany({
      where: { aggregateId: id, name: "kesu/complaint.sla_scheduled" },
    });
    await replyToComplaint({ db: testDb, actor: agent, complaintId: id, version: 0, text: "马上处理" });
    const engine = new InngestTestEngine({
      function: slaTimer,
      events: [{ name: firstDeadline!.name, data: firstDeadline!.data as Record<string, unknown> }],
      steps: [
        { id: "wait-for-warning", handler() {} },
        { id: "wait-for-deadline", handler() {} },
      ],
    });
    const { result } = await engine.execute();
    expect(result).toEqual({ outcome: "not-running" });
    expect(await kinds(id)).not.toContain("sla_breached");
  });

  it("a second breach goes to a supervisor; a deadline is never breached twice; paused deadlines are left alone", async () => {
    const { id } = await fileTestComplaint({ category: "product.quality", now: new Date(Date.now() - 40 * 60_000) });
    const due = (await testDb.complaint.findUniqueOrThrow({ where: { id } })).slaDueAt!.toISOString();
    await handleSlaDeadline({ db: testDb, complaintId: id, dueAt: due });
    expect(await handleSlaDeadline({ db: testDb, complaintId: id, dueAt: due })).toEqual({ outcome: "already" });
    // Later the resolution-plan deadline is missed too.
    const later = new Date(Date.now() - 1000);
    await testDb.complaint.update({
      where: { id },
      data: { firstRespondedAt: new Date(), slaDueAt: later, resolutionDueAt: later },
    });
    expect(await handleSlaDeadline({ db: testDb, complaintId: id, dueAt: later.toISOString() })).toMatchObject({
      outcome: "breached",
      escalatedTo: supervisor.id,
      escalationLevel: 2,
    });

    const other = await fileTestComplaint({ category: "product.quality", now: new Date(Date.now() - 40 * 60_000) });
    const otherDue = (await testDb.complaint.findUniqueOrThrow({ where: { id: other.id } })).slaDueAt!.toISOString();
    await requestInformation({ db: testDb, actor: agent, complaintId: other.id, version: 0, text: "请补充照片" });
    expect(await handleSlaDeadline({ db: testDb, complaintId: other.id, dueAt: otherDue })).toEqual({
      outcome: "moved",
    });
  });
});
