import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { hashPassword } from "../auth/password";
import type { Db } from "../db-client";
import { AppError, isAppError } from "../errors";
import { parseInput } from "../validation";
import { isStaffTokenShape, staffTokenDigest } from "./staff-tokens";

/** At least 10 characters (NIST SP 800-63B's advice is length, not composition rules). */
export const MIN_PASSWORD_LENGTH = 10;

const passwordSchema = z
  .object({
    password: z.string().min(MIN_PASSWORD_LENGTH).max(200),
    confirm: z.string().max(200),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "password_mismatch" });

export type SetPasswordOutcome = { ok: true; email: string } | { ok: false; error: AppError };

/**
 * The set-password form of a one-time link (an invitation or a reset). The link is checked
 * first — an unknown, used or expired one is refused whatever else was sent — then the password;
 * then, in one transaction that claims the link (used once even when submitted twice at once):
 * the new password, and every session signed in before now ends. Audited. Refusals are returned,
 * not thrown: the caller shows them on the form.
 */
export async function setPasswordWithToken({
  db,
  input,
  ip = null,
  now = new Date(),
}: {
  db: Db;
  input: Record<string, unknown>;
  ip?: string | null;
  now?: Date;
}): Promise<SetPasswordOutcome> {
  const invalid = { ok: false, error: new AppError("staff_token_invalid") } as const;
  const token = input.token;
  if (!isStaffTokenShape(token)) return invalid;
  const live = await db.staffToken.findFirst({
    where: { tokenHash: staffTokenDigest(token), usedAt: null, expiresAt: { gt: now }, staff: { active: true } },
    select: { id: true },
  });
  if (!live) return invalid;
  let fields: z.output<typeof passwordSchema>;
  try {
    fields = parseInput(passwordSchema, input);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { ok: false, error };
  }
  // argon2 outside the transaction: no connection waits on it.
  const passwordHash = await hashPassword(fields.password);
  return db.$transaction(async (tx) => {
    // Taken after the hash: a sign-in with the old password while it ran is older, and ends too.
    const at = new Date();
    const claimed = await tx.staffToken.updateManyAndReturn({
      where: { id: live.id, usedAt: null },
      data: { usedAt: at },
      select: { staffId: true, purpose: true, createdById: true },
    });
    if (claimed.length === 0) return invalid;
    const { staffId, purpose, createdById } = claimed[0]!;
    const staff = await tx.staffUser.update({
      where: { id: staffId },
      data: { passwordHash, sessionsValidFrom: at },
      select: { id: true, email: true },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: staff.id, label: staff.email },
        action: purpose === "invite" ? "team.invite_accepted" : "team.password_reset_used",
        target: { type: "staff_user", id: staff.id },
        // Who issued the link, and where it was used from: a link passed to the wrong person shows.
        after: { issuedBy: createdById },
        ip,
      },
    });
    return { ok: true, email: staff.email } as const;
  });
}
