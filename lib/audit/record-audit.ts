import type { Prisma } from "../generated/prisma/client";
import type { ActorType } from "../generated/prisma/enums";

export type AuditActor = { type: ActorType; id?: string | null; label?: string | null };

export type AuditEntry = {
  actor: AuditActor;
  action: string;
  target?: { type: string; id: string };
  before?: Prisma.InputJsonValue;
  after?: Prisma.InputJsonValue;
  ip?: string | null;
};

type AuditWriter = { auditLog: { create: (args: { data: Prisma.AuditLogUncheckedCreateInput }) => Promise<unknown> } };

/** The row an audit entry becomes (for batched writes such as `$transaction([...])`). */
export function auditData(entry: AuditEntry): Prisma.AuditLogUncheckedCreateInput {
  return {
    actorType: entry.actor.type,
    actorId: entry.actor.id ?? null,
    actorLabel: entry.actor.label ?? null,
    action: entry.action,
    targetType: entry.target?.type ?? null,
    targetId: entry.target?.id ?? null,
    before: entry.before,
    after: entry.after,
    ip: entry.ip ?? null,
  };
}

/** Appends one audit entry; pass the transaction client so the entry commits with the change. */
export async function recordAudit({ db, entry }: { db: AuditWriter; entry: AuditEntry }): Promise<void> {
  await db.auditLog.create({ data: auditData(entry) });
}
