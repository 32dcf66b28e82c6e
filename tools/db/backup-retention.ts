import { walPosition, type BackupStore, type BaseBackup } from "./backup-store";

const DAY_MS = 86_400_000;

/**
 * What a retention of `retentionDays` deletes, so that a restore still reaches every moment of
 * those days: every base backup finished within them is kept, and so is the newest one finished
 * before them (it is what a restore to the window's first hours starts from), so the newest is
 * never deleted. WAL is kept from the oldest kept backup's first segment on; older segments
 * (on any timeline) are only useful to backups that are gone. Timeline histories are always kept.
 * No backup at all: nothing is deleted.
 */
export function planRetention({
  backups,
  wal,
  retentionDays,
  now,
}: {
  backups: BaseBackup[];
  wal: string[];
  retentionDays: number;
  now: Date;
}): { backups: string[]; wal: string[] } {
  if (backups.length === 0) return { backups: [], wal: [] };
  const newestFirst = [...backups].sort((a, b) => Date.parse(b.finishedAt) - Date.parse(a.finishedAt));
  const cutoff = now.getTime() - retentionDays * DAY_MS;
  const firstBefore = newestFirst.findIndex((backup) => Date.parse(backup.finishedAt) < cutoff);
  const kept = firstBefore < 0 ? newestFirst : newestFirst.slice(0, firstBefore + 1);
  const oldestNeeded = kept.map((backup) => walPosition(backup.startWal)!).sort()[0]!;
  return {
    backups: newestFirst.slice(kept.length).map((backup) => backup.id),
    wal: wal.filter((name) => {
      const position = walPosition(name);
      return position !== null && position < oldestNeeded;
    }),
  };
}

/** Applies planRetention to a store: backups first, so no listed backup ever lacks its WAL. */
export async function applyRetention(
  store: BackupStore,
  { retentionDays, now }: { retentionDays: number; now: Date },
): Promise<{ backups: string[]; wal: string[] }> {
  const plan = planRetention({ backups: await store.listBackups(), wal: await store.listWal(), retentionDays, now });
  for (const id of plan.backups) await store.removeBackup(id);
  for (const name of plan.wal) await store.removeWal(name);
  return plan;
}
