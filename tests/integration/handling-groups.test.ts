import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadStaffActor, type StaffActor } from "../../lib/auth/staff-actor";
import { claimComplaint } from "../../lib/complaints/handling/claim-complaint";
import { escalateComplaint } from "../../lib/complaints/handling/escalate-complaint";
import { listQueue } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { CATEGORIES } from "../../lib/complaints/vocabulary/taxonomy";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { renderStaffMessage } from "../../lib/notify/render-staff-message";
import { handleSlaDeadline } from "../../lib/sla/handle-sla-deadline";
import {
  createGroupSchema,
  createHandlingGroup,
  groupNamesByCode,
  listHandlingGroups,
  updateGroupSchema,
  updateHandlingGroup,
} from "../../lib/staff/handling-groups";
import { updateStaff, updateStaffSchema } from "../../lib/staff/manage-team";
import { NO_PASSWORD } from "../../lib/staff/no-password";
import { parseInput } from "../../lib/validation";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

let admin: StaffActor;
beforeEach(async () => {
  await resetData();
  admin = await createStaff({ role: "admin" });
});

const NAMES = { nameZh: "榴莲专项组", nameEn: "Durian desk", nameEs: "Mesa del durián" };
const create = async (fields: Record<string, unknown>) =>
  createHandlingGroup({ db: testDb, actor: admin, input: parseInput(createGroupSchema, { ...NAMES, ...fields }) });
const version = async (id: string) =>
  (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { version: true } })).version;
const groupOf = async (complaintId: string) =>
  (
    await testDb.complaint.findUniqueOrThrow({
      where: { id: complaintId },
      select: { group: { select: { code: true } } },
    })
  ).group.code;
const routing = async () =>
  Object.fromEntries(
    (await testDb.handlingGroup.findMany({ select: { code: true, categories: true } })).map((g) => [
      g.code,
      [...g.categories].sort(),
    ]),
  );
const groupRow = (code: string) => testDb.handlingGroup.findUniqueOrThrow({ where: { code } });
/** The edit form as the page sends it: every field, from the group as it stands, with changes. */
async function editInput(code: string, changes: Record<string, unknown>) {
  const group = (await listHandlingGroups({ db: testDb, actor: admin })).find((g) => g.code === code)!;
  return parseInput(updateGroupSchema, {
    id: group.id,
    nameZh: group.names["zh-CN"],
    nameEn: group.names.en,
    nameEs: group.names.es,
    categories: group.categories,
    members: group.memberIds,
    membersShown: group.memberIds.join(","),
    expertOnDutyId: group.expertOnDutyId ?? "",
    ...changes,
  });
}
const edit = async (code: string, changes: Record<string, unknown>, actor = admin) =>
  updateHandlingGroup({ db: testDb, actor, input: await editInput(code, changes) });

describe("handling groups as data", () => {
  it("routes every category as before the migration: to the group of its taxonomy group, VIPs to the VIP line", async () => {
    const groups = await routing();
    expect(groups.vip).toEqual([]);
    for (const category of CATEGORIES) {
      expect(Object.entries(groups).filter(([, cats]) => cats.includes(category))).toEqual([
        [category.split(".")[0], expect.any(Array)],
      ]);
    }
    const late = await fileTestComplaint({ category: "delivery.late" });
    const vip = await fileTestComplaint({ category: "delivery.late", tier: "vip" });
    expect(await groupOf(late.id)).toBe("delivery");
    expect(await groupOf(vip.id)).toBe("vip");
    expect(await groupNamesByCode({ db: testDb, locale: "es" })).toMatchObject({
      product: "Equipo de calidad",
      vip: "Línea VIP",
    });
  });

  it("a new group takes its categories from their old group: the next complaint goes there, earlier ones stay, and it is audited", async () => {
    const before = await fileTestComplaint({ category: "product.quality" });
    const agent = await createStaff({ role: "agent", groupCodes: [] });
    await create({ code: "Durian", categories: ["product.quality"], members: [agent.id] });

    const groups = await routing();
    expect(groups.durian).toEqual(["product.quality"]);
    expect(groups.product).toEqual(["product.mismatch", "product.out_of_stock", "product.short_weight"]);
    const after = await fileTestComplaint({ category: "product.quality" });
    const other = await fileTestComplaint({ category: "product.mismatch" });
    const vip = await fileTestComplaint({ category: "product.quality", tier: "vip" });
    expect([await groupOf(before.id), await groupOf(after.id), await groupOf(other.id), await groupOf(vip.id)]).toEqual(
      ["product", "durian", "product", "vip"],
    );
    expect(after.complaint.group).toBe("durian");

    const audit = await testDb.auditLog.findFirstOrThrow({ where: { action: "team.group_created" } });
    expect(audit).toMatchObject({ actorId: admin.id, targetType: "handling_group" });
    expect(audit.after).toMatchObject({
      code: "durian",
      names: { "zh-CN": "榴莲专项组", en: "Durian desk", es: "Mesa del durián" },
      categories: ["product.quality"],
      moved: [{ code: "product", gave: ["product.quality"] }],
    });

    // Its member sees its complaints and nothing else.
    const member = (await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: Date.now() }))!;
    const queue = await listQueue({ db: testDb, actor: member, filter: parseQueueFilter({}) });
    expect(queue.rows.map((row) => row.id)).toEqual([after.id]);
    expect(queue.rows[0]!.groupCode).toBe("durian");
    // The admin's queue and the dashboard filter by the new code.
    const filtered = await listQueue({ db: testDb, actor: admin, filter: parseQueueFilter({ group: "durian" }) });
    expect(filtered.rows.map((row) => row.id)).toEqual([after.id]);
    expect(parseDashboardFilter({ group: "durian" }).filter.group).toEqual(["durian"]);
  });

  it("moves a category between existing groups and can give it back", async () => {
    await edit("service", { categories: ["service.attitude", "service.slow", "delivery.late"] });
    expect((await routing()).delivery).toEqual(["delivery.damaged", "delivery.wrong"]);
    expect(await groupOf((await fileTestComplaint({ category: "delivery.late" })).id)).toBe("service");
    await edit("delivery", { categories: ["delivery.damaged", "delivery.wrong", "delivery.late"] });
    expect((await routing()).service).toEqual(["service.attitude", "service.slow"]);
    expect(await groupOf((await fileTestComplaint({ category: "delivery.late" })).id)).toBe("delivery");
    const audit = await testDb.auditLog.findMany({
      where: { action: "team.group_updated" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => entry.after)).toEqual([
      expect.objectContaining({ moved: [{ code: "delivery", gave: ["delivery.late"] }] }),
      expect.objectContaining({ moved: [{ code: "service", gave: ["delivery.late"] }] }),
    ]);
  });

  it("refuses what would break routing or naming, with a field error, and writes nothing", async () => {
    const agent = await createStaff({ role: "agent", groupCodes: ["product"] });
    const expert = await createStaff({ role: "expert", groupCodes: ["order"] });
    const supervisor = await createStaff({ role: "supervisor" });
    const snapshot = async () => ({
      groups: await testDb.handlingGroup.findMany({ orderBy: { code: "asc" } }),
      members: await testDb.staffGroupMember.count(),
      audit: await testDb.auditLog.count(),
    });
    const start = await snapshot();
    const field = (path: string, code: string) => ({ code: "validation_failed", fields: [{ path, code }] });

    await expect(create({ code: "product", categories: [] })).rejects.toMatchObject(field("code", "taken"));
    await expect(create({ code: "mine" })).rejects.toMatchObject(field("code", "taken"));
    await expect(create({ code: "9lives" })).rejects.toMatchObject(field("code", "group_code"));
    await expect(create({ code: "a" })).rejects.toMatchObject(field("code", "group_code"));
    await expect(create({ code: "ok_code", nameEs: "  " })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(create({ code: "ok_code", categories: ["product.rotten"] })).rejects.toMatchObject(
      field("categories.0", "unknown_category"),
    );
    await expect(create({ code: "ok_code", members: ["00000000-0000-4000-8000-000000000000"] })).rejects.toMatchObject(
      field("members", "enum"),
    );
    // Dropping a category no other group took would route it nowhere.
    await expect(edit("order", { categories: ["order.payment"] })).rejects.toMatchObject(
      field("categories", "category_unrouted"),
    );
    await expect(edit("vip", { categories: ["order.payment"] })).rejects.toMatchObject(
      field("categories", "vip_categories"),
    );
    // The expert on duty: an active expert or supervisor among the group's members.
    await expect(edit("product", { expertOnDutyId: agent.id })).rejects.toMatchObject(
      field("expertOnDutyId", "expert_on_duty"),
    );
    await expect(edit("product", { expertOnDutyId: expert.id })).rejects.toMatchObject(
      field("expertOnDutyId", "expert_on_duty"),
    );
    await expect(
      updateHandlingGroup({
        db: testDb,
        actor: admin,
        input: { ...(await editInput("order", {})), id: "00000000-0000-4000-8000-000000000000" },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    // Only admins run the team.
    await expect(edit("order", { nameZh: "改名" }, supervisor)).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      createHandlingGroup({
        db: testDb,
        actor: supervisor,
        input: parseInput(createGroupSchema, { ...NAMES, code: "x1" }),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });

    expect(await snapshot()).toEqual(start);
  });

  it("two admins moving the same category at once leave it in exactly one group", async () => {
    const second = await createStaff({ role: "admin" });
    const results = await Promise.allSettled([
      create({ code: "north", categories: ["delivery.late"] }),
      createHandlingGroup({
        db: testDb,
        actor: second,
        input: parseInput(createGroupSchema, { ...NAMES, code: "south", categories: ["delivery.late"] }),
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled"]);
    const holders = Object.entries(await routing()).filter(([, cats]) => cats.includes("delivery.late"));
    expect(holders).toHaveLength(1);
    expect(["north", "south"]).toContain(holders[0]![0]);
  });

  it("the expert on duty takes the group's escalations, by hand and by SLA breach, until they leave the group", async () => {
    const agent = await createStaff({ role: "agent", groupCodes: ["product"] });
    const idle = await createStaff({ role: "expert", groupCodes: ["product"] });
    const onDuty = await createStaff({ role: "expert", groupCodes: ["product"] });
    // Without a named expert a hand escalation waits unassigned.
    const first = await fileTestComplaint({ category: "product.quality" });
    await claimComplaint({ db: testDb, actor: agent, complaintId: first.id, version: await version(first.id) });
    await escalateComplaint({
      db: testDb,
      actor: agent,
      complaintId: first.id,
      version: await version(first.id),
      reason: "需要专家",
    });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id: first.id } })).assigneeId).toBeNull();

    await edit("product", { expertOnDutyId: onDuty.id });
    expect((await groupRow("product")).expertOnDutyId).toBe(onDuty.id);
    const second = await fileTestComplaint({ category: "product.quality" });
    await claimComplaint({ db: testDb, actor: agent, complaintId: second.id, version: await version(second.id) });
    await escalateComplaint({
      db: testDb,
      actor: agent,
      complaintId: second.id,
      version: await version(second.id),
      reason: "需要专家",
    });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id: second.id } })).assigneeId).toBe(onDuty.id);
    const assigned = await testDb.complaintEvent.findMany({
      where: { complaintId: second.id, kind: "assigned" },
      orderBy: [{ at: "asc" }, { id: "asc" }],
    });
    expect(assigned.map((event) => event.payload)).toEqual([
      expect.objectContaining({ to: agent.id }),
      expect.objectContaining({ to: onDuty.id }),
    ]);

    // An SLA breach at L1 goes to the expert on duty too, even when another expert is less busy.
    const filed = new Date(Date.now() - 3 * 3_600_000);
    const late = await fileTestComplaint({ category: "product.mismatch", now: filed });
    const due = (await testDb.complaint.findUniqueOrThrow({ where: { id: late.id } })).slaDueAt!;
    await handleSlaDeadline({ db: testDb, complaintId: late.id, dueAt: due.toISOString() });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id: late.id } })).assigneeId).toBe(onDuty.id);

    // Leaving the group ends the duty; the next escalation waits again.
    const staffEdit = (who: StaffActor, fields: Record<string, unknown>) =>
      updateStaff({
        db: testDb,
        actor: admin,
        input: parseInput(updateStaffSchema, { id: who.id, name: who.name, active: "on", ...fields }),
      });
    await staffEdit(onDuty, { role: "expert", groups: ["order"] });
    expect((await groupRow("product")).expertOnDutyId).toBeNull();
    const escalated = async () => {
      const { id } = await fileTestComplaint({ category: "product.quality" });
      await claimComplaint({ db: testDb, actor: agent, complaintId: id, version: await version(id) });
      await escalateComplaint({
        db: testDb,
        actor: agent,
        complaintId: id,
        version: await version(id),
        reason: "专家",
      });
      return (await testDb.complaint.findUniqueOrThrow({ where: { id } })).assigneeId;
    };
    expect(await escalated()).toBeNull();

    // A role that cannot hold L2 work, or a deactivation, ends it as well.
    await edit("product", { expertOnDutyId: idle.id });
    await staffEdit(idle, { role: "agent", groups: ["product"] });
    expect((await groupRow("product")).expertOnDutyId).toBeNull();
    await staffEdit(idle, { role: "expert", groups: ["product"] });
    await edit("product", { expertOnDutyId: idle.id });
    expect(await escalated()).toBe(idle.id);
    await staffEdit(idle, { role: "expert", groups: ["product"], active: "" });
    expect((await groupRow("product")).expertOnDutyId).toBeNull();

    // Whatever the column says, only an eligible member is handed the complaint.
    await testDb.handlingGroup.update({ where: { code: "product" }, data: { expertOnDutyId: onDuty.id } });
    expect(await escalated()).toBeNull();
  });

  it("refuses an expert on duty who has not signed up, and a save over a colleague's change of members", async () => {
    const invitedExpert = await createStaff({ role: "expert", groupCodes: ["order"] });
    await testDb.staffUser.update({ where: { id: invitedExpert.id }, data: { passwordHash: NO_PASSWORD } });
    await expect(edit("order", { expertOnDutyId: invitedExpert.id })).rejects.toMatchObject({
      fields: [{ path: "expertOnDutyId", code: "expert_on_duty" }],
    });

    // The form was drawn before a colleague joined the group: saving it would drop them.
    const drawn = await editInput("order", {});
    await createStaff({ role: "agent", groupCodes: ["order"] });
    const stale = parseInput(updateGroupSchema, {
      ...drawn,
      nameZh: "订单组（改）",
      nameEn: drawn.nameEn,
      nameEs: drawn.nameEs,
      categories: drawn.categories,
      members: drawn.members,
      membersShown: drawn.members.join(","),
      expertOnDutyId: "",
    });
    await expect(updateHandlingGroup({ db: testDb, actor: admin, input: stale })).rejects.toMatchObject({
      code: "stale_settings",
    });
    expect(await groupNamesByCode({ db: testDb, locale: "zh-CN" })).toMatchObject({ order: "订单组" });
  });

  it("robots name the group in their channel's language", () => {
    const facts = {
      complaintId: "c1",
      category: "product.quality",
      priority: "high",
      group: { code: "durian", names: { "zh-CN": "榴莲专项组", en: "Durian desk", es: "Mesa del durián" } },
      assigneeName: null,
      kind: "first_response" as const,
      dueAt: new Date("2026-12-01T02:00:00Z"),
      minutesLeft: 5,
      link: "http://x/c1",
    };
    expect(renderStaffMessage({ topic: "sla_warning", facts, locale: "es" }).text).toContain("Mesa del durián");
    expect(renderStaffMessage({ topic: "sla_warning", facts, locale: "zh-CN" }).text).toContain("榴莲专项组");
  });
});
