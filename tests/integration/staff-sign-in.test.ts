import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { signInStaff } from "../../lib/auth/staff-sign-in";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff, STAFF_PASSWORD } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

describe("staff sign-in", () => {
  it("accepts the right password (any case of the address) and audits it", async () => {
    const staff = await createStaff({ role: "agent", email: "li@kesu.test" });
    const result = await signInStaff({ db: testDb, email: " LI@kesu.test ", password: STAFF_PASSWORD, ip: "10.0.0.1" });
    expect(result).toEqual({ ok: true, staffId: staff.id });
    const [entry] = await testDb.auditLog.findMany();
    expect(entry).toMatchObject({
      action: "auth.sign_in",
      actorId: staff.id,
      actorLabel: "li@kesu.test",
      ip: "10.0.0.1",
    });
  });

  it("refuses a wrong password and an unknown account, auditing both", async () => {
    await createStaff({ role: "agent", email: "li@kesu.test" });
    expect(await signInStaff({ db: testDb, email: "li@kesu.test", password: "wrong" })).toEqual({
      ok: false,
      reason: "invalid",
    });
    expect(await signInStaff({ db: testDb, email: "nobody@kesu.test", password: STAFF_PASSWORD })).toEqual({
      ok: false,
      reason: "invalid",
    });
    const entries = await testDb.auditLog.findMany({ orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, e.actorLabel, (e.after as { reason: string }).reason])).toEqual([
      ["auth.sign_in_failed", "li@kesu.test", "wrong_password"],
      ["auth.sign_in_failed", "nobody@kesu.test", "unknown_account"],
    ]);
  });

  it("refuses a deactivated account even with the right password", async () => {
    const staff = await createStaff({ role: "agent", email: "gone@kesu.test" });
    await testDb.staffUser.update({ where: { id: staff.id }, data: { active: false } });
    expect(await signInStaff({ db: testDb, email: "gone@kesu.test", password: STAFF_PASSWORD })).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("refuses an account at an address after 5 failures there, even with the right password, but not from another address", async () => {
    const staff = await createStaff({ role: "agent", email: "li@kesu.test" });
    const start = new Date("2026-11-22T10:00:00Z");
    for (let i = 0; i < 5; i += 1) {
      expect(
        await signInStaff({
          db: testDb,
          email: "li@kesu.test",
          password: `guess-${i}`,
          ip: "203.0.113.9",
          now: new Date(start.getTime() + i * 30_000),
        }),
      ).toEqual({ ok: false, reason: "invalid" });
    }
    const later = new Date(start.getTime() + 3 * 60_000);
    expect(
      await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, ip: "203.0.113.9", now: later }),
    ).toMatchObject({ ok: false, reason: "rate_limited" });
    // The owner at their own desk is not locked out by a guesser elsewhere.
    expect(
      await signInStaff({
        db: testDb,
        email: "li@kesu.test",
        password: STAFF_PASSWORD,
        ip: "198.51.100.7",
        now: later,
      }),
    ).toEqual({ ok: true, staffId: staff.id });
    // Two windows later the estimate has decayed and the right password works there again.
    expect(
      (
        await signInStaff({
          db: testDb,
          email: "li@kesu.test",
          password: STAFF_PASSWORD,
          ip: "203.0.113.9",
          now: new Date(start.getTime() + 31 * 60_000),
        })
      ).ok,
    ).toBe(true);
    const refused = await testDb.auditLog.findFirstOrThrow({ where: { action: "auth.sign_in_refused" } });
    expect(refused.after).toMatchObject({ reason: "rate_limited", rule: "sign_in_account_ip" });
  });

  it("guesses spread over many addresses hit the account-wide limit, but never lock the owner out of a browser they signed in on", async () => {
    const staff = await createStaff({ role: "agent", email: "li@kesu.test" });
    const now = new Date();
    // 11 addresses × 5 wrong guesses: 55 failures > 50 per hour for the account.
    for (let a = 0; a < 11; a += 1)
      for (let i = 0; i < 5; i += 1)
        await signInStaff({ db: testDb, email: "li@kesu.test", password: `guess-${a}-${i}`, ip: `198.18.0.${a}`, now });
    // A further address, even with the right password, meets the account-wide limit…
    expect(
      await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, ip: "198.18.1.1", now }),
    ).toMatchObject({ ok: false, reason: "rate_limited" });
    // …refused attempts do not feed it (a refusal is given back), and the owner's own browser is not refused.
    expect(
      await signInStaff({
        db: testDb,
        email: "li@kesu.test",
        password: STAFF_PASSWORD,
        ip: "198.18.1.1",
        knownDeviceStaffId: staff.id,
        now,
      }),
    ).toEqual({ ok: true, staffId: staff.id });
    // A known-device cookie for someone else does not count.
    const other = await createStaff({ role: "agent", email: "wang@kesu.test" });
    expect(
      await signInStaff({
        db: testDb,
        email: "li@kesu.test",
        password: STAFF_PASSWORD,
        ip: "198.18.1.2",
        knownDeviceStaffId: other.id,
        now,
      }),
    ).toMatchObject({ ok: false, reason: "rate_limited" });
  }, 60_000);

  it("answers an unknown account exactly like a known one, also when limited", async () => {
    await createStaff({ role: "agent", email: "li@kesu.test" });
    const now = new Date();
    const known = [];
    const unknown = [];
    for (let i = 0; i < 6; i += 1) {
      known.push(await signInStaff({ db: testDb, email: "li@kesu.test", password: "wrong", ip: "203.0.113.1", now }));
      unknown.push(
        await signInStaff({ db: testDb, email: "nobody@kesu.test", password: "wrong", ip: "203.0.113.2", now }),
      );
    }
    expect(unknown.map((r) => ("reason" in r ? r.reason : "ok"))).toEqual(
      known.map((r) => ("reason" in r ? r.reason : "ok")),
    );
    expect(known.at(-1)).toMatchObject({ reason: "rate_limited" });
  });

  it("counts parallel guesses exactly: of six simultaneous attempts one is refused, and then the right password too", async () => {
    await createStaff({ role: "agent", email: "li@kesu.test" });
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        signInStaff({ db: testDb, email: "li@kesu.test", password: "wrong", ip: "203.0.113.3", now }),
      ),
    );
    expect(results.filter((r) => !r.ok && r.reason === "invalid")).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === "rate_limited")).toHaveLength(1);
    expect(
      await signInStaff({ db: testDb, email: "li@kesu.test", password: STAFF_PASSWORD, ip: "203.0.113.3", now }),
    ).toMatchObject({ ok: false, reason: "rate_limited" });
  });

  it("limits one address guessing many accounts; successful sign-ins from a shared office address never count", async () => {
    const now = new Date();
    const staff = await Promise.all(
      Array.from({ length: 3 }, (_, i) => createStaff({ role: "agent", email: `office${i}@kesu.test` })),
    );
    for (let round = 0; round < 15; round += 1)
      for (const s of staff)
        expect(
          (await signInStaff({ db: testDb, email: s.email, password: STAFF_PASSWORD, ip: "192.0.2.50", now })).ok,
        ).toBe(true);
    for (let i = 0; i < 30; i += 1)
      await signInStaff({ db: testDb, email: `spray${i}@kesu.test`, password: "123456", ip: "192.0.2.66", now });
    expect(
      await signInStaff({ db: testDb, email: staff[0]!.email, password: STAFF_PASSWORD, ip: "192.0.2.66", now }),
    ).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(
      (await signInStaff({ db: testDb, email: staff[0]!.email, password: STAFF_PASSWORD, ip: "192.0.2.50", now })).ok,
    ).toBe(true);
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
