import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { loadStaffActor } from "../../lib/auth/staff-actor";
import { hashToVerify, signInStaff } from "../../lib/auth/staff-sign-in";
import {
  inviteStaff,
  inviteStaffSchema,
  issuePasswordReset,
  listTeam,
  updateStaff,
  updateStaffSchema,
} from "../../lib/staff/manage-team";
import { NO_PASSWORD } from "../../lib/staff/no-password";
import { setPasswordWithToken } from "../../lib/staff/set-password";
import { previewStaffToken, staffTokenDigest } from "../../lib/staff/staff-tokens";
import { parseInput } from "../../lib/validation";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff, STAFF_PASSWORD } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const NEW_PASSWORD = "mango season 2026";
const tokenOf = (path: string) => new URL(path, "http://x").searchParams.get("t")!;
const invite = (fields: Record<string, unknown>) => parseInput(inviteStaffSchema, fields);
const edit = (fields: Record<string, unknown>) => parseInput(updateStaffSchema, fields);
const signIn = (email: string, password: string) => signInStaff({ db: testDb, email, password });

async function invited(admin: Awaited<ReturnType<typeof createStaff>>, email = "new.agent@kesu.test") {
  const link = await inviteStaff({
    db: testDb,
    actor: admin,
    input: invite({ email, name: "新同事", role: "agent", groups: ["product", "delivery"], imUserId: "xin.agent" }),
  });
  return { ...link, token: tokenOf(link.path) };
}

describe("team administration", () => {
  it("an invitation creates an account that cannot sign in until its one-time link sets a password", async () => {
    const admin = await createStaff({ role: "admin" });
    const { staffId, token, expiresAt } = await invited(admin, "New.Agent@Kesu.test");
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(71 * 3_600_000);
    // Only the digest is stored.
    const stored = await testDb.staffToken.findFirstOrThrow({ where: { staffId } });
    expect(stored.tokenHash).toBe(staffTokenDigest(token));
    expect(JSON.stringify(await testDb.staffToken.findMany())).not.toContain(token);

    const member = (await listTeam({ db: testDb, actor: admin })).staff.find((s) => s.id === staffId)!;
    expect(member).toMatchObject({
      email: "new.agent@kesu.test",
      role: "agent",
      groups: ["delivery", "product"],
      imUserId: "xin.agent",
      invited: true,
      active: true,
    });
    expect(await signIn("new.agent@kesu.test", "!invited")).toEqual({ ok: false, reason: "invalid" });
    expect(await previewStaffToken({ db: testDb, token })).toEqual({
      email: "new.agent@kesu.test",
      name: "新同事",
      purpose: "invite",
    });

    // A bad password is a field error and leaves the link usable.
    expect(
      await setPasswordWithToken({ db: testDb, input: { token, password: "short", confirm: "short" } }),
    ).toMatchObject({
      ok: false,
      error: { code: "validation_failed", fields: [expect.objectContaining({ path: "password", code: "too_short" })] },
    });
    expect(
      await setPasswordWithToken({ db: testDb, input: { token, password: NEW_PASSWORD, confirm: `${NEW_PASSWORD}!` } }),
    ).toMatchObject({ ok: false, error: { fields: [{ path: "confirm", code: "password_mismatch" }] } });
    expect((await testDb.staffToken.findFirstOrThrow({ where: { staffId } })).usedAt).toBeNull();

    // Submitted twice at once: used once.
    const outcomes = await Promise.all(
      [1, 2].map(() =>
        setPasswordWithToken({ db: testDb, input: { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD } }),
      ),
    );
    expect(outcomes.filter((o) => o.ok)).toEqual([{ ok: true, email: "new.agent@kesu.test" }]);
    expect(outcomes.find((o) => !o.ok)).toMatchObject({ error: { code: "staff_token_invalid" } });
    expect(await signIn("new.agent@kesu.test", NEW_PASSWORD)).toEqual({ ok: true, staffId });
    expect(await previewStaffToken({ db: testDb, token })).toBeNull();
    expect(
      await setPasswordWithToken({
        db: testDb,
        input: { token, password: "another one 123", confirm: "another one 123" },
      }),
    ).toMatchObject({ ok: false, error: { code: "staff_token_invalid" } });

    const audit = await testDb.auditLog.findMany({
      where: { targetId: staffId, action: { startsWith: "team." } },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual(["team.invited", "team.invite_accepted"]);
    expect(audit[0]).toMatchObject({ actorId: admin.id, after: expect.objectContaining({ role: "agent" }) });
  });

  it("refuses an expired, unknown or malformed link before looking at the password", async () => {
    const admin = await createStaff({ role: "admin" });
    const { token } = await invited(admin);
    const later = new Date(Date.now() + 73 * 3_600_000);
    expect(await previewStaffToken({ db: testDb, token, now: later })).toBeNull();
    for (const [candidate, now] of [
      [token, later],
      [`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`, new Date()],
      ["' OR 1=1 --", new Date()],
      [undefined, new Date()],
    ] as const)
      expect(
        await setPasswordWithToken({ db: testDb, input: { token: candidate, password: "x", confirm: "y" }, now }),
      ).toMatchObject({ ok: false, error: { code: "staff_token_invalid" } });
  });

  it("refuses a taken address or an unknown group as field errors, writing nothing", async () => {
    const admin = await createStaff({ role: "admin", email: "boss@kesu.test" });
    await invited(admin, "taken@kesu.test");
    const before = { staff: await testDb.staffUser.count(), tokens: await testDb.staffToken.count() };
    await expect(
      inviteStaff({ db: testDb, actor: admin, input: invite({ email: "TAKEN@kesu.test", name: "重复", role: "qa" }) }),
    ).rejects.toMatchObject({ code: "validation_failed", fields: [{ path: "email", code: "taken" }] });
    await expect(
      inviteStaff({
        db: testDb,
        actor: admin,
        input: invite({ email: "x@kesu.test", name: "X", role: "qa", groups: ["nope"] }),
      }),
    ).rejects.toMatchObject({ code: "validation_failed", fields: [{ path: "groups", code: "enum" }] });
    expect(() => invite({ email: "not an address", name: "", role: "root", imUserId: "has spaces" })).toThrow(
      expect.objectContaining({
        code: "validation_failed",
        fields: expect.arrayContaining([
          expect.objectContaining({ path: "email" }),
          expect.objectContaining({ path: "name" }),
          expect.objectContaining({ path: "role" }),
          expect.objectContaining({ path: "imUserId", code: "im_user_id" }),
        ]),
      }),
    );
    expect({ staff: await testDb.staffUser.count(), tokens: await testDb.staffToken.count() }).toEqual(before);
  });

  it("edits role and groups (audited before/after); deactivating ends the account's access and links at once", async () => {
    const admin = await createStaff({ role: "admin" });
    const agent = await createStaff({ role: "agent", groupCodes: ["product"] });
    await issuePasswordReset({ db: testDb, actor: admin, staffId: agent.id });
    await updateStaff({
      db: testDb,
      actor: admin,
      input: edit({ id: agent.id, name: "小李", role: "expert", groups: ["service"], imUserId: "li.x", active: "on" }),
    });
    expect(await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: Date.now() })).toMatchObject({
      role: "expert",
      name: "小李",
    });
    const [entry] = await testDb.auditLog.findMany({ where: { action: "team.updated" } });
    expect(entry).toMatchObject({
      before: expect.objectContaining({ role: "agent", groups: ["product"] }),
      after: expect.objectContaining({ role: "expert", groups: ["service"], imUserId: "li.x" }),
    });

    await updateStaff({ db: testDb, actor: admin, input: edit({ id: agent.id, name: "小李", role: "expert" }) });
    expect(await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: Date.now() })).toBeNull();
    expect(await signIn(agent.email, STAFF_PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    expect(await testDb.staffToken.count({ where: { staffId: agent.id } })).toBe(0);
    await expect(issuePasswordReset({ db: testDb, actor: admin, staffId: agent.id })).rejects.toMatchObject({
      code: "staff_not_found",
    });
    // Reactivated, the account needs a fresh sign-in: sessions from before the deactivation stay over.
    const signedInBefore = Date.now() - 1_000;
    await updateStaff({
      db: testDb,
      actor: admin,
      input: edit({ id: agent.id, name: "小李", role: "expert", active: "on" }),
    });
    expect(await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: signedInBefore })).toBeNull();
    expect(await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: Date.now() + 1 })).not.toBeNull();
  });

  it("an admin cannot demote or deactivate themselves; two admins demoting each other at once leave one", async () => {
    const a = await createStaff({ role: "admin" });
    await expect(
      updateStaff({ db: testDb, actor: a, input: edit({ id: a.id, name: "A", role: "supervisor", active: "on" }) }),
    ).rejects.toMatchObject({ code: "team_own_admin" });
    await expect(
      updateStaff({ db: testDb, actor: a, input: edit({ id: a.id, name: "A", role: "admin" }) }),
    ).rejects.toMatchObject({ code: "team_own_admin" });
    const b = await createStaff({ role: "admin" });
    const results = await Promise.allSettled([
      updateStaff({ db: testDb, actor: a, input: edit({ id: b.id, name: "B", role: "qa", active: "on" }) }),
      updateStaff({ db: testDb, actor: b, input: edit({ id: a.id, name: "A", role: "qa", active: "on" }) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    // The second to get the lock finds itself demoted already (or, were it still an admin, the last one).
    expect(results.find((r) => r.status === "rejected")).toMatchObject({
      reason: { code: expect.stringMatching(/^(forbidden|team_last_admin)$/) },
    });
    expect(await testDb.staffUser.count({ where: { role: "admin", active: true } })).toBe(1);
  });

  it("an invited admin who never set a password does not count as the admin that must remain", async () => {
    const a = await createStaff({ role: "admin" });
    const b = await createStaff({ role: "admin" });
    await inviteStaff({ db: testDb, actor: a, input: invite({ email: "c@kesu.test", name: "C", role: "admin" }) });
    const results = await Promise.allSettled([
      updateStaff({ db: testDb, actor: a, input: edit({ id: b.id, name: "B", role: "qa", active: "on" }) }),
      updateStaff({ db: testDb, actor: b, input: edit({ id: a.id, name: "A", role: "qa", active: "on" }) }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    // Refused either as the last admin who can sign in, or because the actor was demoted meanwhile.
    expect(results.find((r) => r.status === "rejected")).toMatchObject({
      reason: { code: expect.stringMatching(/^(team_last_admin|forbidden)$/) },
    });
    expect(
      await testDb.staffUser.count({ where: { role: "admin", active: true, passwordHash: { not: "!invited" } } }),
    ).toBe(1);
  });

  it("an invited account is verified against a real argon2 hash, as an unknown one is (no faster answer)", async () => {
    expect(hashToVerify(undefined)).toMatch(/^\$argon2id\$/);
    expect(hashToVerify(NO_PASSWORD)).toBe(hashToVerify(undefined));
    expect(hashToVerify("$argon2id$v=19$m=19456,t=2,p=1$abc$def")).toBe("$argon2id$v=19$m=19456,t=2,p=1$abc$def");
  });

  it("a password reset keeps the old password until used, then ends every earlier session", async () => {
    const admin = await createStaff({ role: "admin" });
    const agent = await createStaff({ role: "agent" });
    const signedInBefore = Date.now() - 1_000;
    const first = await issuePasswordReset({ db: testDb, actor: admin, staffId: agent.id });
    const { path, expiresAt } = await issuePasswordReset({ db: testDb, actor: admin, staffId: agent.id });
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(24 * 3_600_000);
    // Only the newest link works.
    expect(await previewStaffToken({ db: testDb, token: tokenOf(first.path) })).toBeNull();
    expect(await signIn(agent.email, STAFF_PASSWORD)).toMatchObject({ ok: true });
    expect(await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: signedInBefore })).not.toBeNull();

    const token = tokenOf(path);
    expect(await previewStaffToken({ db: testDb, token })).toMatchObject({ purpose: "password_reset" });
    expect(
      await setPasswordWithToken({ db: testDb, input: { token, password: NEW_PASSWORD, confirm: NEW_PASSWORD } }),
    ).toMatchObject({
      ok: true,
    });
    expect(await signIn(agent.email, STAFF_PASSWORD)).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn(agent.email, NEW_PASSWORD)).toMatchObject({ ok: true });
    expect(await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: signedInBefore })).toBeNull();
    expect(await loadStaffActor({ db: testDb, staffId: agent.id, signedInAt: Date.now() })).not.toBeNull();
    expect(
      (
        await testDb.auditLog.findMany({
          where: { targetId: agent.id, action: { startsWith: "team." } },
          orderBy: { id: "asc" },
        })
      ).map((a) => a.action),
    ).toEqual(["team.password_reset_issued", "team.password_reset_issued", "team.password_reset_used"]);
  });

  it("only admins run the team", async () => {
    const supervisor = await createStaff({ role: "supervisor" });
    await expect(listTeam({ db: testDb, actor: supervisor })).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      inviteStaff({ db: testDb, actor: supervisor, input: invite({ email: "s@kesu.test", name: "S", role: "admin" }) }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await testDb.staffUser.count()).toBe(1);
  });
});
