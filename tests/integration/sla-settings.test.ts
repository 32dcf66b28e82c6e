import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { listSlaPolicies, slaPoliciesSchema, updateSlaPolicies } from "../../lib/settings/sla-policies";
import { parseInput } from "../../lib/validation";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const input = (high: Partial<{ firstResponseMinutes: number; resolutionPlanMinutes: number; warnBeforeMinutes: number }> = {}) => ({
  high: { firstResponseMinutes: 20, resolutionPlanMinutes: 720, warnBeforeMinutes: 5, ...high },
  medium: { firstResponseMinutes: 120, resolutionPlanMinutes: 1440, warnBeforeMinutes: 10 },
  low: { firstResponseMinutes: 240, resolutionPlanMinutes: 2880, warnBeforeMinutes: 10 },
});

describe("SLA policy settings", () => {
  it("are changed by admins, audited with before and after, and used by new complaints", async () => {
    const admin = await createStaff({ role: "admin" });
    const policies = await listSlaPolicies({ db: testDb, actor: admin });
    const shown = new Date(Math.max(...policies.map((p) => p.updatedAt.getTime())));
    await updateSlaPolicies({ db: testDb, actor: admin, input: input(), expectedUpdatedAt: shown.toISOString() });
    const [entry] = await testDb.auditLog.findMany({ where: { action: "settings.sla_policies" } });
    expect(entry).toMatchObject({ actorId: admin.id, before: { high: { firstResponseMinutes: 30 } }, after: { high: { firstResponseMinutes: 20 } } });
    const now = new Date("2026-11-22T10:00:00Z");
    const { id } = await fileTestComplaint({ category: "product.quality", now });
    const complaint = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    expect(complaint.firstResponseDueAt.getTime() - now.getTime()).toBe(20 * 60_000);
  });

  it("refuse a stale form and inconsistent values, changing nothing", async () => {
    const admin = await createStaff({ role: "admin" });
    await expect(updateSlaPolicies({ db: testDb, actor: admin, input: input(), expectedUpdatedAt: "2020-01-01T00:00:00.000Z" })).rejects.toMatchObject({ code: "stale_settings" });
    expect(() => parseInput(slaPoliciesSchema, input({ warnBeforeMinutes: 30 }))).toThrow(expect.objectContaining({ fields: [{ path: "high.warnBeforeMinutes", code: "warn_before" }] }));
    expect(() => parseInput(slaPoliciesSchema, input({ firstResponseMinutes: 0 }))).toThrow(expect.objectContaining({ code: "validation_failed" }));
    expect((await testDb.slaPolicy.findUniqueOrThrow({ where: { priority: "high" } })).firstResponseMinutes).toBe(30);
    expect(await testDb.auditLog.count({ where: { action: "settings.sla_policies" } })).toBe(0);
  });
});
