import type { Db } from "../db/create-client";
import { recordAudit } from "../audit/record-audit";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";
import { verifyPassword } from "./password";

export type SignInResult = { ok: true; staffId: string } | { ok: false; reason: "invalid" } | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a staff password under the sign-in limits (lib/rate-limit): attempts per address, per
 * account from one address, and per account from anywhere. Every attempt counts before the
 * password is verified, so parallel guesses are counted exactly; a successful one is given back
 * (signInBuckets), so only failures add up. The account limits apply alike to accounts that do not exist, and a
 * refusal reads the same for all, so the answers do not tell which accounts exist, and a guesser
 * elsewhere cannot lock the owner out of their own address. The password is verified outside
 * any transaction (argon2 takes tens of milliseconds; no connection waits on it). Every outcome
 * is audited.
 */
export async function signInStaff({ db, email, password, ip, now = new Date() }: { db: Db; email: string; password: string; ip?: string | null; now?: Date }): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const address = ip ?? "unknown";
  const limited = await firstRefusal({ db, normalized, address, now });
  if (limited) {
    await recordAudit({ db, entry: { actor: { type: "staff", label: normalized }, action: "auth.sign_in_refused", after: { reason: "rate_limited", rule: limited.rule }, ip } });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  }
  const staff = await db.staffUser.findUnique({ where: { email: normalized }, select: { id: true, passwordHash: true, active: true } });
  const actor = { type: "staff" as const, id: staff?.id ?? null, label: normalized };
  // An unknown address is verified against a dummy hash: it takes as long as a wrong password.
  const verified = await verifyPassword({ hash: staff?.passwordHash ?? DUMMY_HASH, password });
  if (staff && staff.active && verified) {
    await Promise.all(signInBuckets({ normalized, address }).map(({ rule, subject }) => consumeRateLimit({ db, rule, subject, cost: -1, now })));
    await recordAudit({ db, entry: { actor, action: "auth.sign_in", target: { type: "staff", id: staff.id }, ip } });
    return { ok: true, staffId: staff.id };
  }
  const reason = !staff ? "unknown_account" : !staff.active ? "inactive" : "wrong_password";
  await recordAudit({ db, entry: { actor, action: "auth.sign_in_failed", ...(staff ? { target: { type: "staff", id: staff.id } } : {}), after: { reason }, ip } });
  return { ok: false, reason: "invalid" };
}

/** Counts this attempt against the three sign-in limits; the first one it exceeds, or null. */
async function firstRefusal({ db, normalized, address, now }: { db: Db; normalized: string; address: string; now: Date }) {
  const decisions = await Promise.all(signInBuckets({ normalized, address }).map(async ({ rule, subject }) => ({ rule, ...(await consumeRateLimit({ db, rule, subject, now })) })));
  return decisions.find((d) => !d.allowed) ?? null;
}

/**
 * The three sign-in limits. Successful attempts are given back to all three, so only failures add
 * up: fifty colleagues signing in behind one office address at shift start are never refused.
 */
function signInBuckets({ normalized, address }: { normalized: string; address: string }) {
  return [
    { rule: "sign_in_ip", subject: address },
    { rule: "sign_in_account_ip", subject: `${normalized} ${address}` },
    { rule: "sign_in_account", subject: normalized },
  ] as const;
}

// A real argon2id hash (of a throwaway string), used only to spend the same time on unknown accounts.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$MFE70hpg2xqQdLwsPOl09w$uk92yUTkCWBH/yG+of0lKVNNpt2zFZDeFOuhqX4Gzek";
