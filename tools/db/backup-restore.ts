import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { appendFile, copyFile, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import pg from "pg";
import { BACKUP_TIME_ZONE, backupLayout } from "./backup-settings";
import { copyTree, directoryStore, isWalName, MANIFEST, walPosition, type BaseBackup } from "./backup-store";
import { parseRestoreTime, shanghaiTime } from "./backup-time";
import { pgCommandPath, startEmbeddedPostgres, walArchiveDir } from "./embedded-postgres";
import { runningEmbeddedPostgres } from "./running-postgres";

/** A refusal with a message for the person who typed the command; nothing has been written. */
export class RestoreRefused extends Error {}

const EXAMPLE = '"2026-12-01 10:15" (Asia/Shanghai) or with an offset, "2026-12-01T10:15:00+08:00"';

/** A value in postgresql.conf syntax. */
const confValue = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Makes everything up to now restorable from the archive: a transaction (so recovery finds a
 * commit after any moment asked for, even when the database has been idle since — recovery to a
 * time ends at the first commit past it, and fails when there is none), then a WAL switch, then
 * waiting until the archiver has copied that segment.
 */
async function flushWal(connectionString: string, walArchive: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_current_xact_id()");
    const { rows } = await client.query<{ wal: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS wal");
    const segment = rows[0]!.wal;
    for (let waited = 0; !existsSync(join(walArchive, segment)); waited += 200) {
      if (waited > 60_000)
        throw new RestoreRefused(`The running database did not archive WAL segment ${segment} within a minute.`);
      await new Promise((done) => setTimeout(done, 200));
    }
  } finally {
    await client.end();
  }
}

/**
 * With the server stopped, its last WAL segments were never archived (there is no switch at
 * shutdown). PostgreSQL's documented recovery copies them from the old pg_wal, where recovery
 * finds them after the archive runs out.
 */
async function copyUnarchivedWal({
  cluster,
  walArchive,
  into,
  from,
}: {
  cluster: string;
  walArchive: string;
  into: string;
  from: string;
}) {
  const archived = new Set(existsSync(walArchive) ? readdirSync(walArchive) : []);
  const pgWal = join(cluster, "pg_wal");
  for (const name of existsSync(pgWal) ? await readdir(pgWal) : [])
    if (/^[0-9A-F]{24}$/.test(name) && !archived.has(name) && walPosition(name)! >= from)
      await copyFile(join(pgWal, name), join(into, "pg_wal", name));
}

/**
 * The promoted cluster archived its new timeline's history file (and the old timeline's last,
 * partial segment) into an archive of its own under the restore directory. Those files belong in
 * the archive of wherever the cluster will run — DATA_DIR/backups/wal once it replaces DATA_DIR/pg
 * — or a later restore there would not know the new timeline and replay the abandoned history.
 * So they are marked not-yet-archived again (PostgreSQL's own archive_status .done → .ready) and
 * the restore's archive emptied: the archiver copies them on the cluster's next start, wherever.
 */
async function handBackArchiving(cluster: string) {
  const archive = walArchiveDir(cluster);
  const status = join(cluster, "pg_wal", "archive_status");
  for (const name of existsSync(archive) ? await readdir(archive) : []) {
    const done = join(status, `${name}.done`);
    if (isWalName(name) && existsSync(done) && existsSync(join(cluster, "pg_wal", name)))
      await rename(done, join(status, `${name}.ready`));
  }
  await rm(join(archive, ".."), { recursive: true, force: true });
}

/**
 * Point-in-time restore into a fresh directory: the newest base backup finished by `to`, its WAL
 * replayed from the archive up to `to`, then promoted — a cluster of its own under `into/pg`,
 * which the running database never sees. Everything that can be refused is checked before the
 * first write (RestoreRefused); a restore that fails later removes what it made.
 */
export async function restoreToTime({
  dataDir,
  to,
  into,
  from,
  now = new Date(),
  log = console,
}: {
  dataDir: string;
  /** As typed after --to (see parseRestoreTime). */
  to: string;
  /** A directory that does not exist yet (default DATA_DIR/restores/<moment>). */
  into?: string;
  /** A backups directory: DATA_DIR/backups by default, or a copy (BACKUP_COPY_DIR). */
  from?: string;
  now?: Date;
  log?: Pick<Console, "log">;
}): Promise<{ into: string; cluster: string; backup: BaseBackup; target: Date }> {
  const target = parseRestoreTime(to);
  if (!target) throw new RestoreRefused(`--to "${to}" is not a time I can read. Write it as ${EXAMPLE}.`);
  const shown = `${shanghaiTime(target)} (${BACKUP_TIME_ZONE})`;
  if (target > now) throw new RestoreRefused(`--to ${shown} is in the future.`);

  const layout = backupLayout(dataDir);
  const root = from ? resolve(from) : layout.root;
  const store = directoryStore(root);
  const backups = await store.listBackups();
  if (!backups.length) throw new RestoreRefused(`There is no base backup in ${root}. Take one with npm run backup.`);
  const backup = backups.filter((candidate) => new Date(candidate.finishedAt) <= target).at(-1);
  if (!backup)
    throw new RestoreRefused(
      `--to ${shown} is before the oldest base backup in ${root}: the earliest moment a restore reaches is ${shanghaiTime(new Date(backups[0]!.finishedAt))} (${BACKUP_TIME_ZONE}).`,
    );
  const walArchive = join(root, "wal");
  if (!(await store.listWal()).includes(backup.startWal))
    throw new RestoreRefused(
      `The WAL archive ${walArchive} lacks ${backup.startWal}, which base backup ${backup.id} starts from.`,
    );
  const intoDir = resolve(
    into ?? join(resolve(dataDir), "restores", shanghaiTime(target).replace(/[-:]/g, "").replace(" ", "-")),
  );
  if (existsSync(intoDir) && readdirSync(intoDir).length)
    throw new RestoreRefused(`${intoDir} already exists: restore into a fresh directory (--into).`);

  // The running database flushes its WAL into the archive; a stopped one has its last segments in pg_wal.
  const live = root === layout.root ? await runningEmbeddedPostgres(resolve(dataDir)) : null;
  if (live) await flushWal(live, walArchive);

  const cluster = join(intoDir, "pg");
  log.log(`Restoring base backup ${backup.id} into ${cluster} and replaying WAL to ${shown}…`);
  await mkdir(intoDir, { recursive: true, mode: 0o700 });
  try {
    await copyTree(join(root, "base", backup.id), cluster, (name) => name === MANIFEST);
    const start = walPosition(backup.startWal)!;
    // From a copy, the WAL the restore may need is staged beside it first: PostgreSQL's
    // restore_command reads it as the server's user, which a copy's directory may not allow.
    const staging = root === layout.root ? null : join(intoDir, "wal-from-copy");
    if (staging) {
      await mkdir(staging, { mode: 0o700 });
      for (const name of await store.listWal())
        if ((walPosition(name) ?? start) >= start) await copyFile(join(walArchive, name), join(staging, name));
    }
    if (!live && !staging) await copyUnarchivedWal({ cluster: layout.cluster, walArchive, into: cluster, from: start });
    await writeFile(join(cluster, "recovery.signal"), "");
    await appendFile(
      join(cluster, "postgresql.auto.conf"),
      [
        "# npm run restore: removed again once recovery has finished",
        `restore_command = ${confValue(`cp ${pgCommandPath(staging ?? walArchive)}/%f %p`)}`,
        // "+00", not ISO's "Z": recovery_target_time's own check refuses the latter.
        `recovery_target_time = ${confValue(target.toISOString().replace("T", " ").replace("Z", "+00"))}`,
        "recovery_target_action = 'promote'",
        "",
      ].join("\n"),
    );
    // As root, embedded PostgreSQL runs as the "postgres" user, which must own its data directory.
    if (process.getuid?.() === 0) execFileSync("chown", ["-R", "postgres:", intoDir]);

    // Ready to accept (read-write) connections only once the target is reached and the cluster promoted.
    const server = await startEmbeddedPostgres({ dir: cluster }).catch((error: unknown) => {
      throw new Error(
        `Recovery to ${shown} did not finish: ${error instanceof Error ? error.message : String(error)}. If PostgreSQL says "recovery ended before configured recovery target was reached", the archive holds no transaction after that moment: start the app (npm start) and restore again — the WAL of a running database is archived first — or pick an earlier moment.`,
      );
    });
    try {
      const client = new pg.Client({ connectionString: server.connectionString });
      await client.connect();
      try {
        const { rows } = await client.query<{ recovering: boolean }>("SELECT pg_is_in_recovery() AS recovering");
        if (rows[0]!.recovering) throw new Error("The restored database is still in recovery.");
        for (const setting of ["restore_command", "recovery_target_time", "recovery_target_action"])
          await client.query(`ALTER SYSTEM RESET ${setting}`);
      } finally {
        await client.end();
      }
    } finally {
      await server.stop();
    }
    await handBackArchiving(cluster);
    if (staging) await rm(staging, { recursive: true, force: true });
  } catch (error) {
    await rm(intoDir, { recursive: true, force: true });
    throw error;
  }
  return { into: intoDir, cluster, backup, target };
}
