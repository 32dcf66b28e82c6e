import type { Prisma } from "../generated/prisma/client";

type Queryable = { query: (text: string, values: unknown[]) => Promise<unknown> };

/**
 * `recordAudit`'s writer over a plain `pg` client, for changes made outside Prisma (the workflow
 * engine's tables): the entry then commits or rolls back with that client's transaction, which a
 * Prisma write could not share. Same columns as the AuditLog model; the id and time are the
 * table's defaults, as with Prisma.
 */
export function pgAuditWriter(client: Queryable) {
  const json = (value: unknown) => (value === undefined || value === null ? null : JSON.stringify(value));
  return {
    auditLog: {
      create: async ({ data }: { data: Prisma.AuditLogUncheckedCreateInput }) =>
        client.query(
          `INSERT INTO audit_log (actor_type, actor_id, actor_label, action, target_type, target_id, before, after, ip)
           VALUES ($1::"ActorType", $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)`,
          [
            data.actorType,
            data.actorId ?? null,
            data.actorLabel ?? null,
            data.action,
            data.targetType ?? null,
            data.targetId ?? null,
            json(data.before),
            json(data.after),
            data.ip ?? null,
          ],
        ),
    },
  };
}
