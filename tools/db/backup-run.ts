import { join } from "node:path";
import { Cron } from "croner";
import { takeBaseBackup } from "./backup-base";
import { applyRetention } from "./backup-retention";
import { BACKUP_TIME_ZONE, backupLayout, type BackupSettings } from "./backup-settings";
import { directoryStore, removeStalePartials, type BackupStore, type BaseBackup } from "./backup-store";
import { shanghaiTime } from "./backup-time";

type Pruned = { backups: string[]; wal: string[] };

export type BackupRun = {
  backup: BaseBackup;
  pruned: Pruned;
  copy: { where: string; backups: number; wal: number; pruned: Pruned } | null;
};

/** Puts what the target lacks: WAL first, so a backup listed there never lacks the WAL it needs. */
async function copyMissing(local: BackupStore, layout: ReturnType<typeof backupLayout>, target: BackupStore) {
  const walThere = new Set(await target.listWal());
  let wal = 0;
  for (const name of await local.listWal())
    if (!walThere.has(name)) {
      await target.putWal(name, join(layout.wal, name));
      wal += 1;
    }
  const backupsThere = new Set((await target.listBackups()).map((backup) => backup.id));
  let backups = 0;
  for (const backup of await local.listBackups())
    if (!backupsThere.has(backup.id)) {
      await target.putBackup(backup, join(layout.base, backup.id));
      backups += 1;
    }
  return { backups, wal };
}

/**
 * One backup run: a base backup of the embedded database under `dataDir`, the retention applied
 * to DATA_DIR/backups, then (with BACKUP_COPY_DIR) everything the copy lacks copied there and the
 * same retention applied to it — computed from the copy's own contents, so an emptied local
 * directory never empties the copy. `connectionString` is the owner's: pg_backup_start needs a
 * superuser (or an explicit grant), which the app's role deliberately is not.
 */
export async function runBackup({
  connectionString,
  dataDir,
  settings,
}: {
  connectionString: string;
  dataDir: string;
  settings: BackupSettings;
}): Promise<BackupRun> {
  const layout = backupLayout(dataDir);
  await removeStalePartials(layout.root, new Date());
  const backup = await takeBaseBackup({
    connectionString,
    cluster: layout.cluster,
    baseDir: layout.base,
    walArchive: layout.wal,
  });
  const local = directoryStore(layout.root);
  const retention = { retentionDays: settings.retentionDays, now: new Date() };
  const pruned = await applyRetention(local, retention);
  if (!settings.copyDir) return { backup, pruned, copy: null };
  const target = directoryStore(settings.copyDir);
  const copied = await copyMissing(local, layout, target);
  return { backup, pruned, copy: { where: target.where, ...copied, pruned: await applyRetention(target, retention) } };
}

export function describeBackupRun({ backup, pruned, copy }: BackupRun): string {
  const lines = [
    `Base backup ${backup.id} done: restore now reaches any moment from ${shanghaiTime(new Date(backup.finishedAt))} (${BACKUP_TIME_ZONE}) on.`,
  ];
  if (pruned.backups.length || pruned.wal.length)
    lines.push(`Retention removed ${pruned.backups.length} base backup(s) and ${pruned.wal.length} WAL file(s).`);
  if (copy)
    lines.push(
      `Copied ${copy.backups} base backup(s) and ${copy.wal} WAL file(s) to ${copy.where}; its retention removed ${copy.pruned.backups.length} and ${copy.pruned.wal.length}.`,
    );
  return lines.join("\n");
}

/**
 * The daily base backup, run by the process that owns the embedded PostgreSQL (`npm start`), not
 * by an Inngest function in the app: the backup needs the owner's connection and the data
 * directory's files, and the app has neither by design — it connects as a least-privilege role
 * (tools/db/app-role.ts) and may run where DATA_DIR is not (Inngest Cloud, another machine). With
 * no base backup yet one is taken right away, or restore could reach nothing until the first
 * scheduled run. Runs never overlap; stop() waits for one in progress.
 */
export function scheduleBackups({
  dataDir,
  connectionString,
  settings,
  log = console,
}: {
  dataDir: string;
  connectionString: string;
  settings: BackupSettings;
  log?: Pick<Console, "log" | "error">;
}): { stop: () => Promise<void> } {
  if (!settings.schedule) return { stop: async () => undefined };
  let running: Promise<void> | null = null;
  const run = () => {
    running ??= runBackup({ connectionString, dataDir, settings })
      .then(
        (result) => log.log(describeBackupRun(result)),
        (error: unknown) => log.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => {
        running = null;
      });
    return running;
  };
  const job = new Cron(settings.schedule, { timezone: BACKUP_TIME_ZONE }, () => void run());
  const first = directoryStore(backupLayout(dataDir).root)
    .listBackups()
    .then((backups) => (backups.length ? undefined : run()))
    .catch((error: unknown) => log.error(`Backup failed: ${error instanceof Error ? error.message : String(error)}`));
  return {
    stop: async () => {
      job.stop();
      await first;
      await running;
    },
  };
}
