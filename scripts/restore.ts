/**
 * `npm run restore -- --to "2026-12-01 10:15" [--into DIR] [--from BACKUPS_DIR]`: the embedded
 * database as it was at that moment (Asia/Shanghai unless the time carries an offset), restored
 * into a fresh directory next to the running one, which it leaves alone (tools/db/backup-restore.ts).
 * Bad input is refused before anything is written, with exit code 1.
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { RestoreRefused, restoreToTime } from "../tools/db/backup-restore";
import { BACKUP_TIME_ZONE } from "../tools/db/backup-settings";
import { shanghaiTime } from "../tools/db/backup-time";

async function main() {
  const { values } = parseArgs({
    options: { to: { type: "string" }, into: { type: "string" }, from: { type: "string" } },
  });
  if (process.env.DATABASE_URL)
    throw new RestoreRefused(
      "DATABASE_URL points at an external PostgreSQL: restore it with its provider's point-in-time recovery (README, Backups and point-in-time restore).",
    );
  if (!values.to) throw new RestoreRefused('--to is required, e.g. npm run restore -- --to "2026-12-01 10:15"');
  const dataDir = resolve(process.env.DATA_DIR ?? ".data");
  const { cluster, backup, target } = await restoreToTime({
    dataDir,
    to: values.to,
    into: values.into,
    from: values.from,
  });
  console.log(
    [
      `Restored to ${shanghaiTime(target)} (${BACKUP_TIME_ZONE}) from base backup ${backup.id}: ${cluster}`,
      "The running database is untouched. To run the app on the restored one:",
      `  stop the app, then: mv ${join(dataDir, "pg")} ${join(dataDir, "pg")}.before-restore && mv ${cluster} ${join(dataDir, "pg")}`,
      "  npm start, then npm run backup (a first base backup of the restored history).",
    ].join("\n"),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
