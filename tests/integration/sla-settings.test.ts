import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { listSlaPolicies, slaPoliciesSchema, updateSlaPolicies } from "../../lib/sla/sla-policies";
import { parseInput } from "../../lib/validation";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const raw = (
  high: Partial<{
    firstResponseMinutes: number;
    resolutionPlanMinutes: number;
    warnBeforeMinutes: number;
    businessStart: string;
    businessEnd: string;
  }> = {},
) => ({
  high: { firstResponseMinutes: 20, resolutionPlanMinutes: 720, warnBeforeMinutes: 5, ...high },
  medium: { firstResponseMinutes: 120, resolutionPlanMinutes: 1440, warnBeforeMinutes: 10 },
  low: { firstResponseMinutes: 240, resolutionPlanMinutes: 2880, warnBeforeMinutes: 10 },
});
const input = (high?: Parameters<typeof raw>[0]) => parseInput(slaPoliciesSchema, raw(high));

describe("SLA policy settings", () => {
  it("with business hours, a complaint filed at 20:50 (Shanghai) with 20 minutes is due at 09:10 next day", async () => {
    const admin = await createStaff({ role: "admin" });
    await updateSlaPolicies({
      db: testDb,
      actor: admin,
      input: input({ businessStart: "09:00", businessEnd: "21:00" }),
    });
    const now = new Date("2026-11-22T20:50:00+08:00");
    const { id } = await fileTestComplaint({ category: "product.quality", now });
    expect((await testDb.complaint.findUniqueOrThrow({ where: { id } })).firstResponseDueAt).toEqual(
      new Date("2026-11-23T09:10:00+08:00"),
    );
  });

  it("are changed by admins, audited with before and after, and used by new complaints", async () => {
    const admin = await createStaff({ role: "admin" });
    const policies = await listSlaPolicies({ db: testDb, actor: admin });
    const shown = new Date(Math.max(...policies.map((p) => p.updatedAt.getTime())));
    await updateSlaPolicies({ db: testDb, actor: admin, input: input(), expectedUpdatedAt: shown.toISOString() });
    const [entry] = await testDb.auditLog.findMany({ where: { action: "settings.sla_policies" } });
    expect(entry).toMatchObject({
      actorId: admin.id,
      before: { high: { firstResponseMinutes: 30 } },
      after: { high: { firstResponseMinutes: 20 } },
    });
    const now = new Date("2026-11-22T10:00:00Z");
    const { id } = await fileTestComplaint({ category: "product.quality", now });
    const complaint = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    expect(complaint.firstResponseDueAt.getTime() - now.getTime()).toBe(20 * 60_000);
  });

  it("refuse a stale form and inconsistent values, changing nothing", async () => {
    const admin = await createStaff({ role: "admin" });
    await expect(
      updateSlaPolicies({ db: testDb, actor: admin, input: input(), expectedUpdatedAt: "2020-01-01T00:00:00.000Z" }),
    ).rejects.toMatchObject({ code: "stale_settings" });
    expect(() => input({ warnBeforeMinutes: 30 })).toThrow(
      expect.objectContaining({ fields: [{ path: "high.warnBeforeMinutes", code: "warn_before" }] }),
    );
    expect(() => input({ firstResponseMinutes: 0 })).toThrow(expect.objectContaining({ code: "validation_failed" }));
    expect(() => input({ businessStart: "09:00" })).toThrow(
      expect.objectContaining({ fields: [{ path: "high.businessEnd", code: "business_hours" }] }),
    );
    expect(() => input({ businessStart: "25:00", businessEnd: "21:00" })).toThrow(
      expect.objectContaining({ fields: expect.arrayContaining([{ path: "high.businessStart", code: "clock" }]) }),
    );
    expect((await testDb.slaPolicy.findUniqueOrThrow({ where: { priority: "high" } })).firstResponseMinutes).toBe(30);
    expect(await testDb.auditLog.count({ where: { action: "settings.sla_policies" } })).toBe(0);
  });
});
