import { copyFile, mkdir, readdir, realpath, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { MANIFEST, type BaseBackup } from "./backup-store";

/**
 * What a base backup leaves out, from PostgreSQL 17's "Making a Base Backup Using the Low Level
 * API": the contents of these directories (the directories themselves are kept) …
 */
const EMPTIED = new Set([
  "pg_wal",
  "pg_replslot",
  "pg_dynshmem",
  "pg_notify",
  "pg_serial",
  "pg_snapshots",
  "pg_stat_tmp",
  "pg_subtrans",
]);
/** … these files (a stale backup_label would mislead the restore; ours comes from pg_backup_stop) … */
const LEFT_OUT = new Set(["postmaster.pid", "postmaster.opts", "backup_label", "tablespace_map", "backup_manifest"]);
/** … and, anywhere, temporary files and relation cache init files. */
const leftOut = (name: string, top: boolean) =>
  (top && LEFT_OUT.has(name)) || name.startsWith("pgsql_tmp") || name === "pg_internal.init";

/**
 * Copies the running cluster's files. They change under us, which is fine: replaying WAL from
 * the backup's start repairs every torn page. A file dropped meanwhile (a table dropped, a temp
 * file gone) is skipped for the same reason.
 */
async function copyCluster(from: string, to: string, top = true): Promise<void> {
  await mkdir(to, { mode: 0o700 });
  let entries;
  try {
    entries = await readdir(from, { withFileTypes: true });
  } catch (error) {
    if (!top && (error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  for (const entry of entries) {
    if (leftOut(entry.name, top)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) {
      if (top && EMPTIED.has(entry.name)) await mkdir(target, { mode: 0o700 });
      else await copyCluster(source, target, false);
    } else if (entry.isFile()) {
      await copyFile(source, target).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    } else {
      throw new Error(`${source} is neither a file nor a directory; backups copy plain data directories only`);
    }
  }
  // Recovery writes into these; PostgreSQL 17 recreates them, but a backup that has them is self-evident.
  if (top) for (const dir of ["archive_status", "summaries"]) await mkdir(join(to, "pg_wal", dir), { mode: 0o700 });
}

/** 2026-12-01T03:00:00.123Z → 20261201T030000Z */
const backupId = (at: Date) =>
  at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/**
 * One base backup through PostgreSQL's low-level API: pg_backup_start, a copy of the data
 * directory, pg_backup_stop (waiting until the WAL it needs is archived), its backup_label
 * written into the copy. All on one connection: a non-exclusive backup belongs to its session,
 * and ends (aborted) if the session does. Written as `<id>.partial`, renamed when complete.
 */
export async function takeBaseBackup({
  connectionString,
  cluster,
  baseDir,
  walArchive,
}: {
  connectionString: string;
  /** The running server's data directory (DATA_DIR/pg). */
  cluster: string;
  /** Where base backups go (DATA_DIR/backups/base). */
  baseDir: string;
  /** The server's WAL archive (DATA_DIR/backups/wal): checked against its archive_command. */
  walArchive: string;
}): Promise<BaseBackup> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  let partial: string | null = null;
  try {
    const { rows } = await client.query<{
      data_directory: string;
      archive_mode: string;
      archive_command: string;
      failing: string | null;
    }>(`SELECT current_setting('data_directory') AS data_directory,
        current_setting('archive_mode') AS archive_mode,
        current_setting('archive_command') AS archive_command,
        (SELECT last_failed_wal FROM pg_stat_archiver
          WHERE last_failed_time > coalesce(last_archived_time, '-infinity')) AS failing`);
    const server = rows[0]!;
    if ((await realpath(server.data_directory)) !== (await realpath(cluster)))
      throw new Error(`The server at this address runs on ${server.data_directory}, not ${cluster}.`);
    if (server.archive_mode !== "on" || !server.archive_command.includes(walArchive))
      throw new Error(
        `The running PostgreSQL does not archive its WAL into ${walArchive}: it was started by an older version. Restart it (stop the app, npm start) and run the backup again.`,
      );
    if (server.failing)
      throw new Error(
        `WAL archiving is failing (segment ${server.failing}; PostgreSQL's log says why — a full disk, permissions on ${walArchive}). A backup would wait for it forever.`,
      );
    if ((await readdir(join(cluster, "pg_tblspc"))).length)
      throw new Error("The database uses tablespaces; these backups copy the data directory only.");

    // fast = true: an immediate checkpoint, so the backup starts now rather than at the next one.
    const label = `kesu ${new Date().toISOString()}`;
    const started = await client.query<{ lsn: string; wal: string; at: Date }>(
      `SELECT lsn::text AS lsn, pg_walfile_name(lsn) AS wal, clock_timestamp() AS at FROM pg_backup_start($1, true) AS lsn`,
      [label],
    );
    const start = started.rows[0]!;
    const id = backupId(start.at);
    partial = join(baseDir, `${id}.partial`);
    await mkdir(baseDir, { recursive: true, mode: 0o700 });
    await copyCluster(cluster, partial);
    // Bounded: with archiving broken after the check above, pg_backup_stop would wait forever.
    await client.query("SET statement_timeout = '30min'");
    const stopped = await client.query<{ lsn: string; labelfile: string; spcmapfile: string; at: Date }>(
      `SELECT lsn::text AS lsn, labelfile, spcmapfile, clock_timestamp() AS at FROM pg_backup_stop(true)`,
    );
    const stop = stopped.rows[0]!;
    await writeFile(join(partial, "backup_label"), stop.labelfile);
    if (stop.spcmapfile) await writeFile(join(partial, "tablespace_map"), stop.spcmapfile);
    const backup: BaseBackup = {
      id,
      label,
      startedAt: start.at.toISOString(),
      finishedAt: stop.at.toISOString(),
      startLsn: start.lsn,
      stopLsn: stop.lsn,
      startWal: start.wal,
    };
    await writeFile(join(partial, MANIFEST), `${JSON.stringify(backup, null, 2)}\n`);
    await rename(partial, join(baseDir, id));
    partial = null;
    return backup;
  } finally {
    // Ending the session aborts a backup that did not reach pg_backup_stop.
    await client.end().catch(() => undefined);
    if (partial) await rm(partial, { recursive: true, force: true });
  }
}
