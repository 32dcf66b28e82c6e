import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";

/** What admins need to judge the outbox: backlog, lag, failures, throughput, the latest rows. */
export async function getOutboxStatus({ db, actor, now = new Date() }: { db: Db; actor: StaffActor; now?: Date }) {
  assertCan(actor, "page.outbox");
  const [pending, oldest, failing, lastFailure, sentLastHour, recent] = await Promise.all([
    db.outboxEvent.count({ where: { sentAt: null } }),
    db.outboxEvent.findFirst({ where: { sentAt: null }, orderBy: { id: "asc" }, select: { createdAt: true } }),
    db.outboxEvent.count({ where: { sentAt: null, attempts: { gt: 0 } } }),
    db.outboxEvent.findFirst({
      where: { lastError: { not: null } },
      orderBy: { lastAttemptAt: "desc" },
      select: { lastError: true, lastAttemptAt: true },
    }),
    db.outboxEvent.count({ where: { sentAt: { gte: new Date(now.getTime() - 3_600_000) } } }),
    db.outboxEvent.findMany({
      orderBy: { id: "desc" },
      take: 50,
      select: {
        id: true,
        name: true,
        aggregateId: true,
        createdAt: true,
        sentAt: true,
        attempts: true,
        lastError: true,
      },
    }),
  ]);
  return {
    pending,
    oldestPendingAt: oldest?.createdAt ?? null,
    lagSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.createdAt.getTime()) / 1000)) : 0,
    failing,
    lastError: lastFailure?.lastError ?? null,
    lastErrorAt: lastFailure?.lastAttemptAt ?? null,
    sentLastHour,
    recent: recent.map((r) => ({ ...r, id: r.id.toString() })),
  };
}
