/**
 * `npm run backup`: one base backup of the embedded database under DATA_DIR (default .data) —
 * the running one, or started for the backup when the app is stopped — then the retention
 * (BACKUP_RETENTION_DAYS) and the optional copy (BACKUP_COPY_DIR); tools/db/backup-run.ts.
 * `npm start` also runs it on BACKUP_SCHEDULE. With an external DATABASE_URL there is nothing
 * here to back up: that database's provider does point-in-time recovery (README).
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describeBackupRun, runBackup } from "../tools/db/backup-run";
import { backupLayout, backupSettings } from "../tools/db/backup-settings";
import { startEmbeddedPostgres } from "../tools/db/embedded-postgres";
import { runningEmbeddedPostgres } from "../tools/db/running-postgres";

async function main() {
  if (process.env.DATABASE_URL)
    throw new Error(
      "DATABASE_URL points at an external PostgreSQL: back it up with its provider's point-in-time recovery (README, Backups and point-in-time restore). npm run backup covers the embedded database only.",
    );
  const settings = backupSettings(process.env);
  const dataDir = resolve(process.env.DATA_DIR ?? ".data");
  const { cluster } = backupLayout(dataDir);
  if (!existsSync(join(cluster, "PG_VERSION")))
    throw new Error(`There is no database in ${cluster} yet: start the app once (npm start).`);
  const running = await runningEmbeddedPostgres(dataDir);
  const started = running ? null : await startEmbeddedPostgres({ dir: cluster });
  try {
    const result = await runBackup({ connectionString: running ?? started!.connectionString, dataDir, settings });
    console.log(describeBackupRun(result));
  } finally {
    await started?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
