import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db-client";
import type { StaffTokenPurpose } from "../generated/prisma/enums";

/** How long a link stays usable: an invitation may wait for a new colleague's first day. */
const STAFF_TOKEN_HOURS: Record<StaffTokenPurpose, number> = { invite: 72, password_reset: 24 };

/** Where a link leads: under /admin/sign-in, which the request guard leaves open to visitors. */
const SET_PASSWORD_PATH = "/admin/sign-in/set-password";

/** Only the digest is stored: the table never holds a usable link. */
export const staffTokenDigest = (token: string) => createHash("sha256").update(token).digest("hex");

type Tx = Pick<Db, "staffToken" | "$queryRaw">;

/**
 * A fresh one-time link for an account. Earlier unused links of the account are withdrawn, so
 * only the newest works (a resent invitation, a second reset).
 */
export async function issueStaffToken({
  tx,
  staffId,
  purpose,
  createdById,
  now = new Date(),
}: {
  tx: Tx;
  staffId: string;
  purpose: StaffTokenPurpose;
  createdById: string;
  now?: Date;
}): Promise<{ token: string; path: string; expiresAt: Date }> {
  // The account's row first: two admins issuing links at once must not leave two live ones.
  await tx.$queryRaw`SELECT id FROM staff_users WHERE id = ${staffId}::uuid FOR UPDATE`;
  await tx.staffToken.deleteMany({ where: { staffId, usedAt: null } });
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + STAFF_TOKEN_HOURS[purpose] * 3_600_000);
  await tx.staffToken.create({
    data: { staffId, purpose, tokenHash: staffTokenDigest(token), expiresAt, createdById },
  });
  return { token, path: `${SET_PASSWORD_PATH}?t=${token}`, expiresAt };
}

/** A link's shape before any lookup: base64url of 32 bytes. */
export const isStaffTokenShape = (value: unknown): value is string =>
  typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);

/**
 * Whose link this is, for the set-password page: null when it is not a live link (unknown, used,
 * expired, or the account deactivated) — the page then says so and shows nothing else.
 */
export async function previewStaffToken({
  db,
  token,
  now = new Date(),
}: {
  db: Db;
  token: unknown;
  now?: Date;
}): Promise<{ email: string; name: string; purpose: StaffTokenPurpose } | null> {
  if (!isStaffTokenShape(token)) return null;
  const found = await db.staffToken.findFirst({
    where: { tokenHash: staffTokenDigest(token), usedAt: null, expiresAt: { gt: now }, staff: { active: true } },
    select: { purpose: true, staff: { select: { email: true, name: true } } },
  });
  return found && { email: found.staff.email, name: found.staff.name, purpose: found.purpose };
}
