import type { Db } from "../db-client";
import { recordAudit } from "../audit/record-audit";
import { consumeRateLimit } from "../rate-limit/consume-rate-limit";
import type { RateLimitRule } from "../rate-limit/rate-limit-rules";
import { verifyPassword } from "./password";

export type SignInResult =
  | { ok: true; staffId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/**
 * Checks a staff password under the sign-in limits (lib/rate-limit): attempts per address, per
 * account from one address, and per account from anywhere. Every attempt counts before the
 * password is verified, so parallel guesses are counted exactly; a successful one is given back,
 * and a refused one is given back to the account-wide limit, so that one counts verified failures
 * only. The account limits apply alike to accounts that do not exist, and a refusal reads the same
 * for all, so the answers do not tell which accounts exist. From a browser the staff member signed
 * in on before (`knownDeviceStaffId`, lib/auth/known-device.ts) the account-wide limit does not
 * apply: guesses from elsewhere cannot lock the owner out. The password is verified outside any
 * transaction (argon2 takes tens of milliseconds; no connection waits on it). Every outcome is
 * audited.
 */
export async function signInStaff({
  db,
  email,
  password,
  ip,
  knownDeviceStaffId = null,
  now = new Date(),
}: {
  db: Db;
  email: string;
  password: string;
  ip?: string | null;
  knownDeviceStaffId?: string | null;
  now?: Date;
}): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  const address = ip ?? "unknown";
  const staff = await db.staffUser.findUnique({
    where: { email: normalized },
    select: { id: true, passwordHash: true, active: true },
  });
  const buckets = signInBuckets({
    normalized,
    address,
    knownDevice: staff !== null && staff.id === knownDeviceStaffId,
  });
  const decisions = await Promise.all(
    buckets.map(async ({ rule, subject }) => ({
      rule,
      subject,
      ...(await consumeRateLimit({ db, rule, subject, now })),
    })),
  );
  const limited = decisions.find((d) => !d.allowed);
  if (limited) {
    const accountWide = decisions.filter((d) => d.rule === "sign_in_account");
    await Promise.all(accountWide.map(({ rule, subject }) => consumeRateLimit({ db, rule, subject, cost: -1, now })));
    await recordAudit({
      db,
      entry: {
        actor: { type: "staff", label: normalized },
        action: "auth.sign_in_refused",
        after: { reason: "rate_limited", rule: limited.rule },
        ip,
      },
    });
    return { ok: false, reason: "rate_limited", retryAfterSeconds: limited.retryAfterSeconds };
  }
  const actor = { type: "staff" as const, id: staff?.id ?? null, label: normalized };
  // An unknown address is verified against a dummy hash: it takes as long as a wrong password.
  const hash = hashToVerify(staff?.passwordHash);
  // argon2 runs first, always; only then is the dummy's answer discarded.
  const verified = (await verifyPassword({ hash, password })) && hash !== DUMMY_HASH;
  if (staff && staff.active && verified) {
    await Promise.all(buckets.map(({ rule, subject }) => consumeRateLimit({ db, rule, subject, cost: -1, now })));
    await recordAudit({ db, entry: { actor, action: "auth.sign_in", target: { type: "staff", id: staff.id }, ip } });
    return { ok: true, staffId: staff.id };
  }
  const reason = !staff ? "unknown_account" : !staff.active ? "inactive" : "wrong_password";
  await recordAudit({
    db,
    entry: {
      actor,
      action: "auth.sign_in_failed",
      ...(staff ? { target: { type: "staff", id: staff.id } } : {}),
      after: { reason },
      ip,
    },
  });
  return { ok: false, reason: "invalid" };
}

/**
 * The sign-in limits an attempt counts against. Successful attempts are given back to all of
 * them, so only failures add up: fifty colleagues signing in behind one office address at shift
 * start are never refused.
 */
function signInBuckets({
  normalized,
  address,
  knownDevice,
}: {
  normalized: string;
  address: string;
  knownDevice: boolean;
}): { rule: RateLimitRule; subject: string }[] {
  return [
    { rule: "sign_in_ip", subject: address },
    { rule: "sign_in_account_ip", subject: `${normalized} ${address}` },
    ...(knownDevice ? [] : [{ rule: "sign_in_account" as const, subject: normalized }]),
  ];
}

/**
 * The hash a password is checked against: the account's, or — for an unknown account, and one
 * without a usable password yet (invited) — a dummy, so every answer takes one argon2 run and none
 * comes faster.
 */
export function hashToVerify(stored: string | undefined): string {
  return stored?.startsWith("$argon2") ? stored : DUMMY_HASH;
}

// A real argon2id hash (of a throwaway string), used only to spend the same time on unknown accounts.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$MFE70hpg2xqQdLwsPOl09w$uk92yUTkCWBH/yG+of0lKVNNpt2zFZDeFOuhqX4Gzek";
