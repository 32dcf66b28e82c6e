import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scheduleBackups } from "../../tools/db/backup-run";
import { backupLayout } from "../../tools/db/backup-settings";
import { directoryStore } from "../../tools/db/backup-store";
import { shanghaiTime } from "../../tools/db/backup-time";
import { startEmbeddedPostgres, type RunningPostgres } from "../../tools/db/embedded-postgres";

/**
 * Backups of the embedded database (issue 14): a PostgreSQL of its own in a temporary DATA_DIR —
 * not the shared test database, which runs without this layout — with WAL archiving on, backed
 * up and restored through the npm scripts' entry points.
 */
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function run(script: string, args: string[], env: Record<string, string | undefined>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(join("node_modules", ".bin", "tsx"), [join("scripts", script), ...args], {
      env: { ...process.env, DATABASE_URL: undefined, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

describe("backups and point-in-time restore", () => {
  let dataDir: string;
  let live: RunningPostgres | null = null;
  let restored: RunningPostgres | null = null;
  let client: pg.Client;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "kesu-backup-"));
    live = await startEmbeddedPostgres({ dir: join(dataDir, "pg") });
    client = new pg.Client({ connectionString: live.connectionString });
    await client.connect();
    await client.query("CREATE TABLE note (text text NOT NULL)");
  });

  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await restored?.stop().catch(() => undefined);
    await live?.stop().catch(() => undefined);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it("the start process's schedule takes a first base backup at once, and stop() waits for it", async () => {
    const logged: string[] = [];
    const schedule = scheduleBackups({
      dataDir,
      connectionString: live!.connectionString,
      settings: { schedule: "0 3 * * *", retentionDays: 7, copyDir: null },
      log: { log: (line: string) => logged.push(line), error: (line: string) => logged.push(line) },
    });
    await schedule.stop();
    expect(logged.join("\n")).toMatch(/^Base backup \d{8}T\d{6}Z done/);
    expect(await directoryStore(backupLayout(dataDir).root).listBackups()).toHaveLength(1);
  });

  it("restores to a moment between two writes: the first is there, the second is not", async () => {
    const copyDir = join(dataDir, "copy");
    const backup = await run("backup.ts", [], { DATA_DIR: dataDir, BACKUP_COPY_DIR: copyDir });
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/Copied 2 base backup\(s\)/);
    expect(await directoryStore(copyDir).listBackups()).toHaveLength(2);

    await client.query("INSERT INTO note VALUES ('A, before the moment')");
    // The moment: the next whole second after A's commit, typed the way people type it.
    const moment = Math.ceil((Date.now() + 1) / 1000) * 1000;
    await sleep(moment - Date.now() + 1_000);
    await client.query("INSERT INTO note VALUES ('B, after the moment')");
    const { rows } = await client.query<{ wal: string }>("SELECT pg_walfile_name(pg_switch_wal()) AS wal");
    while (!existsSync(join(dataDir, "backups", "wal", rows[0]!.wal))) await sleep(100);

    const into = join(dataDir, "restored");
    const restore = await run("restore.ts", ["--to", shanghaiTime(new Date(moment)), "--into", into], {
      DATA_DIR: dataDir,
    });
    expect(restore.stderr).toBe("");
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain(`Restored to ${shanghaiTime(new Date(moment))} (Asia/Shanghai)`);

    restored = await startEmbeddedPostgres({ dir: join(into, "pg") });
    const check = new pg.Client({ connectionString: restored.connectionString });
    await check.connect();
    try {
      expect((await check.query("SELECT text FROM note")).rows).toEqual([{ text: "A, before the moment" }]);
      expect((await check.query("SELECT pg_is_in_recovery() AS r")).rows).toEqual([{ r: false }]);
      expect((await check.query("SHOW restore_command")).rows).toEqual([{ restore_command: "" }]);
    } finally {
      await check.end();
    }
    // The new timeline's history goes to the archive of wherever the restored cluster runs.
    for (let waited = 0; !existsSync(join(into, "backups", "wal", "00000002.history")); waited += 100) {
      if (waited > 10_000) throw new Error("the restored cluster did not archive its timeline history");
      await sleep(100);
    }
    await restored.stop();
    restored = null;
    // The live database went on untouched.
    expect((await client.query("SELECT count(*)::int AS n FROM note")).rows).toEqual([{ n: 2 }]);
  }, 60_000);

  it("refuses a --to it cannot read, or one before the oldest backup, and writes nothing", async () => {
    const into = join(dataDir, "not-made");
    const before = readdirSync(dataDir).sort();
    for (const [to, message] of [
      ["yesterday at ten", /--to "yesterday at ten" is not a time I can read\. Write it as "2026-12-01 10:15"/],
      ["2026-02-30 10:00", /is not a time I can read/],
      [
        "2020-01-01 08:00",
        /--to 2020-01-01 08:00:00 \(Asia\/Shanghai\) is before the oldest base backup in .*: the earliest moment a restore reaches is \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(Asia\/Shanghai\)/,
      ],
    ] as const) {
      const result = await run("restore.ts", ["--to", to, "--into", into], { DATA_DIR: dataDir });
      expect(result.code, to).toBe(1);
      expect(result.stderr, to).toMatch(message);
      expect(result.stdout, to).toBe("");
    }
    expect(existsSync(into)).toBe(false);
    expect(readdirSync(dataDir).sort()).toEqual(before);
  }, 30_000);
});
