import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createEnginePool } from "../../lib/workflow-engine/engine-db";
import { engineKeys, eventually, resetEngineTables } from "../support/engine-harness";

/**
 * Durability for real: the app + engine run in a child process group that is SIGKILLed while a
 * run sleeps toward its deadline; the deadline passes while nothing runs; a new process takes
 * over and the step after the sleep runs exactly once, the step before it is never repeated.
 */
const pool = createEnginePool(process.env.DATABASE_URL!, 2);
const children: ChildProcess[] = [];
function killAll() {
  for (const child of children.splice(0)) {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
afterEach(killAll);
afterAll(async () => {
  killAll();
  await pool.end();
});

const logFile = join(mkdtempSync(join(tmpdir(), "kesu-crash-")), "steps.log");
const lines = () => readFileSync(logFile, "utf8").split("\n").filter(Boolean);

function startChild() {
  const child = spawn("npx", ["tsx", "tests/support/engine-child.ts", process.env.DATABASE_URL!, logFile], {
    detached: true,
    stdio: "ignore",
  });
  children.push(child);
  return child;
}

describe("embedded engine across a crash", () => {
  it("escalates once after SIGKILL of the whole process group, even when the deadline passed while down", async () => {
    await resetEngineTables(pool);
    writeFileSync(logFile, "");
    const first = startChild();
    const port = await eventually(
      async () =>
        lines()
          .find((l) => l.startsWith("ready"))
          ?.split(" ")[1],
      { timeoutMs: 30_000, what: "child ready" },
    );
    await eventually(
      async () => (await pool.query(`SELECT 1 FROM engine_functions WHERE id = 'crash-sleeper'`)).rowCount,
      { what: "sync" },
    );
    const until = Date.now() + 2_500;
    const sent = await fetch(`http://127.0.0.1:${port}/engine/e/${engineKeys.eventKey}`, {
      method: "POST",
      body: JSON.stringify([{ name: "test/crash", data: { n: 1, until } }]),
    });
    expect(sent.status).toBe(200);
    await eventually(async () => (await pool.query(`SELECT 1 FROM engine_runs WHERE status = 'sleeping'`)).rowCount, {
      what: "sleeping",
    });
    process.kill(-first.pid!, "SIGKILL");
    await eventually(async () => first.exitCode !== null || first.signalCode !== null, { what: "child gone" });
    await new Promise((resolve) => setTimeout(resolve, until - Date.now() + 1_000));
    expect(lines().filter((l) => l.startsWith("escalate"))).toHaveLength(0);

    startChild();
    await eventually(async () => (await pool.query(`SELECT 1 FROM engine_runs WHERE status = 'completed'`)).rowCount, {
      timeoutMs: 40_000,
      what: "completed after restart",
    });
    const escalations = lines().filter((l) => l.startsWith("escalate"));
    expect(escalations).toHaveLength(1);
    expect(lines().filter((l) => l.startsWith("before"))).toHaveLength(1);
    expect(Number(escalations[0].split(" ")[2])).toBeGreaterThanOrEqual(until);
  }, 90_000);

  it("a standby process takes over when the leader's process group is killed", async () => {
    await resetEngineTables(pool);
    writeFileSync(logFile, "");
    const leader = startChild();
    const port = await eventually(
      async () =>
        lines()
          .find((l) => l.startsWith("ready"))
          ?.split(" ")[1],
      { timeoutMs: 30_000, what: "leader ready" },
    );
    await eventually(
      async () => (await pool.query(`SELECT 1 FROM engine_functions WHERE id = 'crash-sleeper'`)).rowCount,
      { what: "sync" },
    );
    startChild(); // a second app process: its engine waits for the lock
    await eventually(async () => lines().filter((l) => l.startsWith("ready")).length === 2, {
      timeoutMs: 30_000,
      what: "standby ready",
    });
    const until = Date.now() + 3_000;
    await fetch(`http://127.0.0.1:${port}/engine/e/${engineKeys.eventKey}`, {
      method: "POST",
      body: JSON.stringify([{ name: "test/crash", data: { n: 2, until } }]),
    });
    await eventually(async () => (await pool.query(`SELECT 1 FROM engine_runs WHERE status = 'sleeping'`)).rowCount, {
      what: "sleeping",
    });
    process.kill(-leader.pid!, "SIGKILL");
    await eventually(async () => (await pool.query(`SELECT 1 FROM engine_runs WHERE status = 'completed'`)).rowCount, {
      timeoutMs: 40_000,
      what: "completed by the standby",
    });
    expect(lines().filter((l) => l.startsWith("escalate"))).toHaveLength(1);
    expect(lines().filter((l) => l.startsWith("before"))).toHaveLength(1);
  }, 90_000);
});
