import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { LOCKOUT_MS, signInStaff } from "../../lib/auth/staff-sign-in";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff, STAFF_PASSWORD } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const auditActions = async () => (await testDb.auditLog.findMany({ orderBy: { id: "asc" }, select: { action: true } })).map((e) => e.action);

describe("staff sign-in", () => {
  it("accepts the right password (any case of the address) and audits it", async () => {
    const staff = await createStaff({ role: "agent", email: "li@kesu.test" });
    const result = await signInStaff({ db: testDb, email: " LI@kesu.test ", password: STAFF_PASSWORD, ip: "10.0.0.1" });
    expect(result).toEqual({ ok: true, staffId: staff.id });
    const [entry] = await testDb.auditLog.findMany();
    expect(entry).toMatchObject({ action: "auth.sign_in", actorId: staff.id, actorLabel: "li@kesu.test", ip: "10.0.0.1" });
  });

  it("refuses a wrong password and an unknown account, auditing both", async () => {
    await createStaff({ role: "agent", email: "li@kesu.test" });
    expect(await signInStaff({ db: testDb, email: "li@kesu.test", password: "wrong" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signInStaff({ db: testDb, email: "nobody@kesu.test", password: STAFF_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
    const entries = await testDb.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actorLabel, (e.after as { reason: string }).reason])).toEqual([
      ["auth.sign_in_failed", "li@kesu.test", "wrong_password"],
      ["auth.sign_in_failed", "nobody@kesu.test", "unknown_account"],
    ]);
  });

  it("refuses a deactivated account even with the right password", async () => {
    const staff = await createStaff({ role: "agent", email: "gone@kesu.test" });
    await testDb.staffUser.update({ where: { id: staff.id }, data: { active: false } });
    expect(await signInStaff({ db: testDb, email: "gone@kesu.test", password: STAFF_PASSWORD })).toEqual({ ok: false, reason: "invalid" });
  });

  it("locks the account for 5 minutes after 5 failures within 5 minutes, even for the right password", async () => {
    await createStaff({ role: "agent", email: "li@kesu.test" });
    const start = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < 5; i += 1) {
      await signInStaff({ db: testDb, email: "li@kesu.test", password: `guess-${i}`, now: new Date(start.getTime() + i * 30_000) });
    }
    const locked = new Date(start.getTime() + 4 * 30_000);
    expect(await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, now: new Date(locked.getTime() + 60_000) })).toEqual({ ok: false, reason: "locked" });
    expect(await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, now: new Date(locked.getTime() + LOCKOUT_MS - 1000) })).toEqual({ ok: false, reason: "locked" });
    expect((await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, now: new Date(locked.getTime() + LOCKOUT_MS + 1000) })).ok).toBe(true);
    expect(await auditActions()).toEqual([...Array(5).fill("auth.sign_in_failed"), "auth.sign_in_refused", "auth.sign_in_refused", "auth.sign_in"]);
  });

  it("does not lock for 5 failures spread over more than 5 minutes", async () => {
    await createStaff({ role: "agent", email: "li@kesu.test" });
    const start = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < 5; i += 1) {
      await signInStaff({ db: testDb, email: "li@kesu.test", password: "wrong", now: new Date(start.getTime() + i * 90_000) });
    }
    expect((await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, now: new Date(start.getTime() + 5 * 90_000) })).ok).toBe(true);
  });

  it("counts parallel guesses exactly: the sixth of six simultaneous attempts is refused", async () => {
    await createStaff({ role: "agent", email: "li@kesu.test" });
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 5 }, () => signInStaff({ db: testDb, email: "li@kesu.test", password: "wrong", now })));
    expect(results.every((r) => !r.ok && r.reason === "invalid")).toBe(true);
    expect(await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, now })).toEqual({ ok: false, reason: "locked" });
  });
});

describe("audit log", () => {
  it("is append-only in the database itself: UPDATE, DELETE and TRUNCATE are refused", async () => {
    await testDb.auditLog.create({ data: { actorType: "system", action: "test.entry" } });
    await expect(testDb.$executeRawUnsafe(`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow(/append-only/);
    await expect(testDb.$executeRawUnsafe(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(testDb.$executeRawUnsafe(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect(await testDb.auditLog.findMany({ select: { action: true } })).toEqual([{ action: "test.entry" }]);
  });
});
