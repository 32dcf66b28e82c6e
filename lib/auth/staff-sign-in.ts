import type { Db } from "../db/create-client";
import { recordAudit } from "../audit/record-audit";
import { verifyPassword } from "./password";

export const LOCKOUT_FAILURES = 5;
export const LOCKOUT_WINDOW_MS = 5 * 60_000;
export const LOCKOUT_MS = 5 * 60_000;

export type SignInResult = { ok: true; staffId: string } | { ok: false; reason: "invalid" | "locked" };

/**
 * Checks a staff password under the lockout rule: 5 failures for an account within 5 minutes
 * lock it for 5 minutes, during which even the right password is refused. The staff row is
 * locked for the check so parallel guesses cannot slip past the count. Every outcome is audited.
 */
export async function signInStaff({ db, email, password, ip, now = new Date() }: { db: Db; email: string; password: string; ip?: string | null; now?: Date }): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  return db.$transaction(async (tx) => {
    const [staff] = await tx.$queryRaw<{ id: string; password_hash: string; active: boolean; failed_login_count: number; failed_login_window_start: Date | null; locked_until: Date | null }[]>`
      SELECT id, password_hash, active, failed_login_count, failed_login_window_start, locked_until
      FROM staff_users WHERE email = ${normalized} FOR UPDATE`;
    const actor = { type: "staff" as const, id: staff?.id ?? null, label: normalized };
    if (!staff || !staff.active) {
      // Verify anyway so an unknown address takes as long as a wrong password.
      await verifyPassword({ hash: DUMMY_HASH, password });
      await recordAudit({ db: tx, entry: { actor, action: "auth.sign_in_failed", after: { reason: staff ? "inactive" : "unknown_account" }, ip } });
      return { ok: false, reason: "invalid" } as const;
    }
    if (staff.locked_until && staff.locked_until > now) {
      await recordAudit({ db: tx, entry: { actor, action: "auth.sign_in_refused", target: { type: "staff", id: staff.id }, after: { reason: "locked", lockedUntil: staff.locked_until.toISOString() }, ip } });
      return { ok: false, reason: "locked" } as const;
    }
    if (await verifyPassword({ hash: staff.password_hash, password })) {
      await tx.staffUser.update({ where: { id: staff.id }, data: { failedLoginCount: 0, failedLoginWindowStart: null, lockedUntil: null } });
      await recordAudit({ db: tx, entry: { actor, action: "auth.sign_in", target: { type: "staff", id: staff.id }, ip } });
      return { ok: true, staffId: staff.id } as const;
    }
    const windowOpen = staff.failed_login_window_start && now.getTime() - staff.failed_login_window_start.getTime() < LOCKOUT_WINDOW_MS;
    const failures = windowOpen ? staff.failed_login_count + 1 : 1;
    const locks = failures >= LOCKOUT_FAILURES;
    await tx.staffUser.update({
      where: { id: staff.id },
      data: locks
        ? { failedLoginCount: 0, failedLoginWindowStart: null, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) }
        : { failedLoginCount: failures, failedLoginWindowStart: windowOpen ? undefined : now },
    });
    await recordAudit({ db: tx, entry: { actor, action: "auth.sign_in_failed", target: { type: "staff", id: staff.id }, after: { reason: "wrong_password", failures, locked: locks }, ip } });
    return { ok: false, reason: "invalid" } as const;
  });
}

// A real argon2id hash (of a throwaway string), used only to spend the same time on unknown accounts.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$MFE70hpg2xqQdLwsPOl09w$uk92yUTkCWBH/yG+of0lKVNNpt2zFZDeFOuhqX4Gzek";
