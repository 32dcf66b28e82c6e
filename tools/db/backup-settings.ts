import { join, resolve } from "node:path";
import { Cron } from "croner";
import { z } from "zod";
import { walArchiveDir } from "./embedded-postgres";

/** Every time backups read or print is Asia/Shanghai (UTC+8, no daylight saving), like the rest of Kesu. */
export const BACKUP_TIME_ZONE = "Asia/Shanghai";

function isCron(pattern: string): boolean {
  try {
    new Cron(pattern, { paused: true, timezone: BACKUP_TIME_ZONE }).stop();
    return pattern.trim().split(/\s+/).length === 5;
  } catch {
    return false;
  }
}

/**
 * The backup settings, read by `npm run backup`, `npm run restore` and the start process's
 * schedule. They live here rather than in lib/config/env-schema.ts because only these tools run
 * backups; the app itself never does (see backup-run.ts for why).
 */
const backupSettingsSchema = z.object({
  // When the base backup runs: five cron fields in Asia/Shanghai time, or "off".
  BACKUP_SCHEDULE: z
    .string()
    .default("0 3 * * *")
    .refine((value) => value === "off" || isCron(value), 'must be five cron fields (such as "0 3 * * *") or "off"'),
  // Restore reaches any moment of the last N days; older base backups and their WAL are deleted.
  BACKUP_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  // A second copy of every backup and the WAL archive (a mounted bucket, another disk); unset = none.
  BACKUP_COPY_DIR: z.string().min(1).optional(),
});

export type BackupSettings = {
  schedule: string | null;
  retentionDays: number;
  copyDir: string | null;
};

export function backupSettings(env: Record<string, string | undefined>): BackupSettings {
  const parsed = backupSettingsSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `Invalid backup settings:\n${parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`).join("\n")}`,
    );
  const { BACKUP_SCHEDULE, BACKUP_RETENTION_DAYS, BACKUP_COPY_DIR } = parsed.data;
  return {
    schedule: BACKUP_SCHEDULE === "off" ? null : BACKUP_SCHEDULE,
    retentionDays: BACKUP_RETENTION_DAYS,
    copyDir: BACKUP_COPY_DIR ? resolve(BACKUP_COPY_DIR) : null,
  };
}

/** Where a DATA_DIR keeps its database and its backups (both under the same root, so a move is a rename). */
export function backupLayout(dataDir: string): { cluster: string; root: string; base: string; wal: string } {
  const cluster = join(resolve(dataDir), "pg");
  const wal = walArchiveDir(cluster);
  const root = resolve(wal, "..");
  return { cluster, root, base: join(root, "base"), wal };
}
