import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { ruleSetSchema } from "./handling-rules";

export const saveRulesSchema = z.object({
  rules: ruleSetSchema,
  // Why this version: shown in the version history and the audit log.
  note: z.string().trim().min(1).max(200),
});

/**
 * Saves the rules as a new version and puts it in force at once (the latest activated version is
 * the one intake reads). Complaints filed before keep the handling they had: their timeline names
 * the version. Versions are numbered one after another under a lock; audited with the version
 * replaced and the rules.
 */
export async function saveRuleVersion({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  input: z.output<typeof saveRulesSchema>;
  now?: Date;
}) {
  assertCan(actor, "settings.rules");
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kesu:handling-rules'))`;
    const latest = await tx.handlingRuleVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const active = await tx.handlingRuleVersion.findFirst({
      where: { activatedAt: { not: null } },
      orderBy: { activatedAt: "desc" },
      select: { version: true },
    });
    const version = (latest?.version ?? 0) + 1;
    const rules = input.rules as unknown as Prisma.InputJsonValue;
    await tx.handlingRuleVersion.create({
      data: { version, rules, note: input.note, createdById: actor.id, createdAt: now, activatedAt: now },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "rules.version_activated",
        target: { type: "handling_rules", id: String(version) },
        before: { version: active?.version ?? null },
        after: { version, note: input.note, rules },
      },
    });
    return { version };
  });
}
