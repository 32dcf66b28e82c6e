import { NonRetriableError } from "inngest";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eventually, resetEngineTables, startHarness, testClient, type Harness } from "../support/engine-harness";

/**
 * The embedded engine driving real functions through the SDK's serve() over HTTP: memoised
 * steps, sleeps, waits, cancellation, retries and onFailure, throttling, de-duplication,
 * sendEvent, crons, refusal of unsupported features, signatures, restarts and leadership.
 */
let harness: Harness;
const counters = new Map<string, number>();
const bump = (key: string) => counters.set(key, (counters.get(key) ?? 0) + 1).get(key)!;
const client = testClient("t", () => harness?.port ?? 0);

const memo = client.createFunction({ id: "memo", triggers: [{ event: "test/memo" }] }, async ({ event, step }) => {
  const a = await step.run("a", () => bump(`memo-a-${event.data.n}`));
  const b = await step.run("b", () => bump(`memo-b-${event.data.n}`));
  return { a, b };
});
const napper = client.createFunction({ id: "napper", triggers: [{ event: "test/nap" }] }, async ({ event, step }) => {
  await step.run("before", () => bump(`nap-before-${event.data.n}`));
  await step.sleepUntil("nap", new Date(Number(event.data.until)));
  return step.run("after", () => ({ count: bump(`nap-after-${event.data.n}`), at: Date.now() }));
});
const waiter = client.createFunction({ id: "waiter", triggers: [{ event: "test/wait" }] }, async ({ event, step }) => {
  const confirmation = await step.waitForEvent("confirm", {
    event: "test/confirm",
    match: "data.id",
    timeout: String(event.data.timeout),
  });
  return { confirmed: confirmation?.data.note ?? null };
});
const cancellable = client.createFunction(
  { id: "cancellable", triggers: [{ event: "test/long" }], cancelOn: [{ event: "test/stop", match: "data.id" }] },
  async ({ step }) => {
    await step.sleep("long-nap", "1h");
    return "woke";
  },
);
const flaky = client.createFunction(
  {
    id: "flaky",
    triggers: [{ event: "test/flaky" }],
    retries: 2,
    onFailure: async ({ event, error, step }) => {
      await step.run("note-failure", () => bump(`failure-${event.data.event.data.n}:${error.message}`));
    },
  },
  async ({ event, step }) =>
    step.run("explode", () => {
      bump(`flaky-${event.data.n}`);
      throw new Error("always broken");
    }),
);
const fatal = client.createFunction({ id: "fatal", triggers: [{ event: "test/fatal" }], retries: 5 }, async () => {
  bump("fatal");
  throw new NonRetriableError("no point retrying");
});
const throttled = client.createFunction(
  {
    id: "throttled",
    triggers: [{ event: "test/throttle" }],
    throttle: { limit: 2, period: "5s", key: "event.data.k" },
  },
  async ({ event }) => event.data.i,
);
const parent = client.createFunction(
  { id: "parent", triggers: [{ event: "test/parent" }] },
  async ({ event, step }) => {
    await step.sendEvent("spawn", { name: "test/child", id: `child-${event.data.n}`, data: { n: event.data.n } });
    return "sent";
  },
);
const child = client.createFunction({ id: "child", triggers: [{ event: "test/child" }] }, async ({ event }) => ({
  from: event.data.n,
}));
const filtered = client.createFunction(
  { id: "filtered", triggers: [{ event: "test/filtered", if: "event.data.kind == 'yes' && event.data.size >= 2" }] },
  async () => "matched",
);
const ticking = client.createFunction(
  { id: "ticking", triggers: [{ cron: "TZ=Asia/Shanghai 0 9 * * 1" }] },
  async ({ event }) => ({ cron: (event.data as { cron: string }).cron, n: bump("tick") }),
);
const steady = client.createFunction(
  { id: "steady", triggers: [{ event: "test/steady" }], retries: 1 },
  async ({ event, step }) => step.run("work", () => bump(`steady-${event.data.n}`)),
);
const nul = client.createFunction({ id: "nul", triggers: [{ event: "test/nul" }] }, async ({ step }) =>
  step.run("odd-text", () => `a\u0000b${String.fromCharCode(0xd800)}c#${bump("nul")}`),
);
const parallel = client.createFunction(
  { id: "parallel", triggers: [{ event: "test/parallel" }] },
  async ({ event, step }) => {
    const [confirmation, , slow] = await Promise.all([
      step.waitForEvent("confirm", { event: "test/confirm", match: "data.id", timeout: "30s" }),
      step.sleep("short-nap", "1s"),
      step.run("slow", async () => {
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        return bump(`parallel-slow-${event.data.id}`);
      }),
    ]);
    return { note: confirmation?.data.note ?? null, slow };
  },
);
const debounced = client.createFunction(
  { id: "debounced", triggers: [{ event: "test/debounce" }], debounce: { period: "5s" } },
  async () => "never",
);

const functions = [
  memo,
  napper,
  waiter,
  cancellable,
  flaky,
  fatal,
  throttled,
  parent,
  child,
  filtered,
  ticking,
  steady,
  nul,
  parallel,
  debounced,
];
// Calls the app should mishandle next, by function id: garbage instead of an answer, or no answer.
const trouble = new Map<string, { mode: "garbage" | "hang"; times: number }>();

async function send(events: { name: string; data: Record<string, unknown>; id?: string }[]) {
  // Free-form test events: the client is typed for the app's own event names.
  return client.send(events as Parameters<typeof client.send>[0]);
}

async function runsOf(functionId: string) {
  const { rows } = await harness.pool.query<{
    id: string;
    status: string;
    output: unknown;
    error: { message: string } | null;
    scheduled_at: Date;
    cancel_reason: string | null;
  }>(
    `SELECT id, status, output, error, scheduled_at, cancel_reason FROM engine_runs WHERE function_id = $1 ORDER BY created_at, scheduled_at`,
    [`t-${functionId}`],
  );
  return rows;
}

async function finished(functionId: string, count = 1) {
  return eventually(
    async () => {
      const runs = await runsOf(functionId);
      return runs.length >= count && runs.every((r) => ["completed", "failed", "cancelled"].includes(r.status))
        ? runs
        : null;
    },
    { what: `${functionId} to finish` },
  );
}

beforeAll(async () => {
  harness = await startHarness({
    client,
    functions,
    connectionString: process.env.DATABASE_URL!,
    interfere: (url) => {
      const planned = trouble.get(url.searchParams.get("fnId") ?? "");
      if (!planned || planned.times <= 0) return undefined;
      planned.times -= 1;
      return planned.mode;
    },
  });
});
afterAll(async () => harness.close());

describe("embedded workflow engine", () => {
  beforeEach(async () => {
    for (const engine of [harness.engine]) await engine?.stop();
    await resetEngineTables(harness.pool);
    counters.clear();
    trouble.clear();
    harness.startEngine();
    await eventually(async () => (await harness.pool.query(`SELECT 1 FROM engine_functions`)).rowCount, {
      what: "sync",
    });
  });

  it("syncs the app, refusing a feature it does not support by name", async () => {
    const { rows } = await harness.pool.query<{ id: string; refused: string | null }>(
      `SELECT id, refused FROM engine_functions ORDER BY id`,
    );
    expect(rows.map((r) => r.id)).toContain("t-flaky-failure");
    expect(rows.find((r) => r.id === "t-debounced")?.refused).toMatch(/debounce/);
    expect(rows.filter((r) => r.refused)).toHaveLength(1);
    await send([{ name: "test/debounce", data: {} }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await runsOf("debounced")).toHaveLength(0);
  });

  it("memoises steps: each runs once, the function returns both results", async () => {
    await send([{ name: "test/memo", data: { n: 1 } }]);
    const [run] = await finished("memo");
    expect(run.status).toBe("completed");
    expect(run.output).toEqual({ a: 1, b: 1 });
    expect(counters.get("memo-a-1")).toBe(1);
    expect(counters.get("memo-b-1")).toBe(1);
    const { rows } = await harness.pool.query(
      `SELECT name, status, position FROM engine_steps WHERE run_id = $1 ORDER BY position`,
      [run.id],
    );
    expect(rows).toEqual([
      { name: "a", status: "completed", position: 0 },
      { name: "b", status: "completed", position: 1 },
    ]);
  });

  it("de-duplicates events by id and filters triggers by expression", async () => {
    await send([{ name: "test/memo", id: "same-id", data: { n: 2 } }]);
    await send([{ name: "test/memo", id: "same-id", data: { n: 2 } }]);
    await send([
      { name: "test/filtered", data: { kind: "yes", size: 3 } },
      { name: "test/filtered", data: { kind: "yes", size: 1 } },
      { name: "test/filtered", data: { kind: "no", size: 5 } },
    ]);
    await finished("memo");
    await finished("filtered");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runsOf("memo")).toHaveLength(1);
    expect(await runsOf("filtered")).toHaveLength(1);
  });

  it("sleeps until the time asked, then continues within a second", async () => {
    const until = Date.now() + 1500;
    await send([{ name: "test/nap", data: { n: 1, until } }]);
    const sleeping = await eventually(async () => (await runsOf("napper"))[0]?.status === "sleeping", {
      what: "sleeping",
    });
    expect(sleeping).toBe(true);
    const [run] = await finished("napper");
    const output = run.output as { count: number; at: number };
    expect(output.at).toBeGreaterThanOrEqual(until);
    expect(output.at - until).toBeLessThan(1000);
    expect(counters.get("nap-before-1")).toBe(1);
  });

  it("waitForEvent: a matching event resumes the run, others do not; a timeout gives null", async () => {
    await send([
      { name: "test/wait", data: { id: "a", timeout: "1h" } },
      { name: "test/wait", data: { id: "b", timeout: "1s" } },
    ]);
    await eventually(async () => (await harness.pool.query(`SELECT 1 FROM engine_waits`)).rowCount === 2, {
      what: "two waits",
    });
    await send([{ name: "test/confirm", data: { id: "zzz", note: "wrong" } }]);
    await send([{ name: "test/confirm", data: { id: "a", note: "right" } }]);
    const runs = await finished("waiter", 2);
    expect(runs.map((r) => r.output).sort()).toEqual([{ confirmed: "right" }, { confirmed: null }].sort());
  });

  it("cancelOn cancels the matching run only", async () => {
    await send([
      { name: "test/long", data: { id: "x" } },
      { name: "test/long", data: { id: "y" } },
    ]);
    await eventually(
      async () =>
        (await runsOf("cancellable")).every((r) => r.status === "sleeping") &&
        (await runsOf("cancellable")).length === 2,
      { what: "sleeping" },
    );
    await send([{ name: "test/stop", data: { id: "x" } }]);
    await eventually(async () => (await runsOf("cancellable")).some((r) => r.status === "cancelled"), {
      what: "cancel",
    });
    const runs = await runsOf("cancellable");
    expect(runs.map((r) => r.status).sort()).toEqual(["cancelled", "sleeping"]);
    expect(runs.find((r) => r.status === "cancelled")?.cancel_reason).toMatch(/test\/stop/);
    expect(
      (
        await harness.pool.query(
          `SELECT 1 FROM engine_jobs j JOIN engine_runs r ON r.id = j.run_id WHERE r.status = 'cancelled'`,
        )
      ).rowCount,
    ).toBe(0);
  });

  it("retries a failing step with the function's retries, then fails and runs onFailure once", async () => {
    await send([{ name: "test/flaky", data: { n: 7 } }]);
    const [run] = await finished("flaky");
    expect(run.status).toBe("failed");
    expect(run.error?.message).toMatch(/always broken/);
    expect(counters.get("flaky-7")).toBe(3);
    const [failure] = await finished("flaky-failure");
    expect(failure.status).toBe("completed");
    expect([...counters.keys()].filter((k) => k.startsWith("failure-7"))).toHaveLength(1);
    expect(counters.get("failure-7:always broken")).toBe(1);
  });

  it("a non-retriable error fails at once", async () => {
    await send([{ name: "test/fatal", data: {} }]);
    const [run] = await finished("fatal");
    expect(run.status).toBe("failed");
    expect(counters.get("fatal")).toBe(1);
  });

  it("throttles run starts per key", async () => {
    await send(
      [0, 1, 2]
        .map((i) => ({ name: "test/throttle", data: { k: "robot-1", i } }))
        .concat([{ name: "test/throttle", data: { k: "robot-2", i: 9 } }]),
    );
    await eventually(async () => (await runsOf("throttled")).length === 4, { what: "4 runs" });
    const runs = await runsOf("throttled");
    const robot1 = (
      await harness.pool.query<{ scheduled_at: Date }>(
        `SELECT scheduled_at FROM engine_runs WHERE function_id = 't-throttled' AND throttle_key = 'robot-1' ORDER BY scheduled_at`,
      )
    ).rows;
    expect(robot1[2].scheduled_at.getTime() - robot1[0].scheduled_at.getTime()).toBeGreaterThanOrEqual(5000);
    expect(robot1[1].scheduled_at.getTime() - robot1[0].scheduled_at.getTime()).toBeLessThan(1000);
    expect(runs).toHaveLength(4);
  });

  it("step.sendEvent goes through the event API and starts the listener", async () => {
    await send([{ name: "test/parent", data: { n: 5 } }]);
    const [run] = await finished("child");
    expect(run.output).toEqual({ from: 5 });
  });

  it("fires a due cron slot once, with the scheduled event", async () => {
    await harness.pool.query(
      `UPDATE engine_crons SET next_at = now() - interval '1 minute' WHERE function_id = 't-ticking'`,
    );
    const [run] = await finished("ticking");
    expect(run.output).toEqual({ cron: "TZ=Asia/Shanghai 0 9 * * 1", n: 1 });
    const { rows } = await harness.pool.query<{ next_at: Date }>(
      `SELECT next_at FROM engine_crons WHERE function_id = 't-ticking'`,
    );
    expect(rows[0].next_at.getTime()).toBeGreaterThan(Date.now());
    expect(rows[0].next_at.getUTCHours()).toBe(1); // 09:00 in Shanghai
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await runsOf("ticking")).toHaveLength(1);
  });

  it("survives a stop while sleeping: the step after the sleep runs once, the one before is not repeated", async () => {
    const until = Date.now() + 1200;
    await send([{ name: "test/nap", data: { n: 2, until } }]);
    await eventually(async () => (await runsOf("napper"))[0]?.status === "sleeping", { what: "sleeping" });
    await harness.engine!.stop();
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the deadline passes while no engine runs
    harness.startEngine();
    const [run] = await finished("napper");
    expect(run.status).toBe("completed");
    expect(counters.get("nap-before-2")).toBe(1);
    expect(counters.get("nap-after-2")).toBe(1);
  });

  it("one leader at a time; a standby takes over when it stops", async () => {
    const first = harness.engine!;
    await eventually(async () => first.isLeader(), { what: "leader" });
    const second = harness.startEngine();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(second.isLeader()).toBe(false);
    await first.stop();
    await eventually(async () => second.isLeader(), { what: "takeover" });
    await send([{ name: "test/memo", data: { n: 3 } }]);
    const [run] = await finished("memo");
    expect(run.status).toBe("completed");
  });

  it("the serve endpoint refuses unsigned or wrongly signed calls", async () => {
    const body = JSON.stringify({
      event: { name: "test/memo", data: {} },
      events: [],
      steps: {},
      ctx: { run_id: "x", attempt: 0 },
      version: 2,
    });
    const unsigned = await fetch(`${harness.serveUrl}?fnId=t-memo&stepId=step`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json" },
    });
    expect(unsigned.status).toBe(401);
    const forged = await fetch(`${harness.serveUrl}?fnId=t-memo&stepId=step`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": `t=${Math.round(Date.now() / 1000)}&s=${"0".repeat(64)}`,
      },
    });
    expect(forged.status).toBe(401);
    expect(counters.size).toBe(0);
  });

  it("the event API refuses a wrong key, unknown names, bad JSON and oversized bodies, storing nothing", async () => {
    const base = `http://127.0.0.1:${harness.port}/engine/e`;
    const post = (key: string, body: string) =>
      fetch(`${base}/${key}`, { method: "POST", body, headers: { "content-type": "application/json" } });
    const good = (await import("../support/engine-harness")).engineKeys.eventKey;
    expect((await post("wrong", JSON.stringify([{ name: "test/memo", data: {} }]))).status).toBe(401);
    const unknown = await post(
      good,
      JSON.stringify([
        { name: "test/memo", data: { n: 1 } },
        { name: "nope/unknown", data: {} },
      ]),
    );
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error).toMatch(/unknown event name "nope\/unknown"/);
    expect((await post(good, "{not json")).status).toBe(400);
    expect((await post(good, JSON.stringify([{ name: "inngest/function.failed", data: {} }]))).status).toBe(400);
    expect(
      (await post(good, JSON.stringify([{ name: "test/memo", data: { blob: "x".repeat(300 * 1024) } }]))).status,
    ).toBe(400);
    expect(
      (await post(good, JSON.stringify([{ name: "test/memo", data: { blob: "x".repeat(3.2 * 1024 * 1024) } }]))).status,
    ).toBe(413);
    expect((await harness.pool.query(`SELECT 1 FROM engine_events`)).rowCount).toBe(0);
  });

  it("an answer that is garbage is retried; garbage every time fails the run with the error visible", async () => {
    trouble.set("t-steady", { mode: "garbage", times: 1 });
    await send([{ name: "test/steady", data: { n: 1 } }]);
    const [ok] = await finished("steady");
    expect(ok.status).toBe("completed");
    expect(counters.get("steady-1")).toBe(1);
    await resetEngineTables(harness.pool);
    await harness.engine!.stop();
    harness.startEngine();
    await eventually(async () => (await harness.pool.query(`SELECT 1 FROM engine_functions`)).rowCount, {
      what: "sync",
    });
    trouble.set("t-steady", { mode: "garbage", times: 99 });
    await send([{ name: "test/steady", data: { n: 2 } }]);
    const [bad] = await finished("steady");
    expect(bad.status).toBe("failed");
    expect(bad.error?.message).toMatch(/HTTP 206 without a valid response signature: <html>proxy error/);
    expect(counters.get("steady-2")).toBeUndefined();
  });

  it("a call that never answers times out, is retried, then fails", async () => {
    await harness.engine!.stop();
    harness.startEngine({ callTimeoutMs: 300 });
    trouble.set("t-steady", { mode: "hang", times: 99 });
    await send([{ name: "test/steady", data: { n: 3 } }]);
    const [run] = await finished("steady");
    expect(run.status).toBe("failed");
    expect(run.error?.message).toMatch(/no answer within 300 ms/);
  });

  it("a run whose function is gone from the app is cancelled with the reason at the next sync", async () => {
    const { rows } = await harness.pool.query<{ id: string }>(
      `INSERT INTO engine_runs (id, function_id, trigger_key, event, status, scheduled_at) VALUES (gen_random_uuid(), 't-gone', 'gone:1', '{"id":"e","name":"test/gone","data":{},"ts":1}', 'sleeping', now()) RETURNING id`,
    );
    await harness.pool.query(
      `INSERT INTO engine_jobs (run_id, kind, step_id, run_at) VALUES ($1, 'sleep_done', 'x', now() + interval '1 hour')`,
      [rows[0].id],
    );
    await harness.engine!.stop();
    harness.startEngine();
    const [run] = await eventually(
      async () => {
        const runs = await runsOf("gone");
        return runs[0]?.status === "cancelled" ? runs : null;
      },
      { what: "cancelled" },
    );
    expect(run.cancel_reason).toMatch(/t-gone is no longer served/);
    expect((await harness.pool.query(`SELECT 1 FROM engine_jobs WHERE run_id = $1`, [run.id])).rowCount).toBe(0);
  });

  it("a clock that jumps forward then back fires each step once", async () => {
    const until = Date.now() + 3_600_000;
    await send([{ name: "test/nap", data: { n: 9, until } }]);
    await eventually(async () => (await runsOf("napper"))[0]?.status === "sleeping", { what: "sleeping" });
    await harness.engine!.stop();
    harness.startEngine({ now: () => new Date(Date.now() + 2 * 3_600_000) }); // two hours ahead
    const [run] = await finished("napper");
    expect(run.status).toBe("completed");
    await harness.engine!.stop();
    harness.startEngine(); // and back
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(counters.get("nap-before-9")).toBe(1);
    expect(counters.get("nap-after-9")).toBe(1);
    expect((await runsOf("napper")).map((r) => r.status)).toEqual(["completed"]);
  });

  it("an answer PostgreSQL cannot store as is (NUL, lone surrogate) is stored cleaned, the step runs once", async () => {
    await send([{ name: "test/nul", data: {} }]);
    const [run] = await finished("nul");
    expect(run.status).toBe("completed");
    expect(run.output).toBe("a\uFFFDb\uFFFDc#1");
    expect(counters.get("nul")).toBe(1);
  });

  it("parallel steps: an event matched while another branch runs is kept, a sleep is scheduled once", async () => {
    await send([{ name: "test/parallel", data: { id: "p1" } }]);
    await eventually(async () => (await harness.pool.query(`SELECT 1 FROM engine_waits`)).rowCount, {
      what: "wait open",
    });
    await send([{ name: "test/confirm", data: { id: "p1", note: "seen" } }]);
    const [run] = await finished("parallel");
    expect(run.output).toEqual({ note: "seen", slow: 1 });
    const { rows } = await harness.pool.query<{ name: string; status: string }>(
      `SELECT name, status FROM engine_steps WHERE run_id = $1 ORDER BY name`,
      [run.id],
    );
    expect(rows).toEqual([
      { name: "confirm", status: "completed" },
      { name: "short-nap", status: "completed" },
      { name: "slow", status: "completed" },
    ]);
  });

  it("the event API refuses data PostgreSQL could not store instead of failing later", async () => {
    const good = (await import("../support/engine-harness")).engineKeys.eventKey;
    const response = await fetch(`http://127.0.0.1:${harness.port}/engine/e/${good}`, {
      method: "POST",
      body: JSON.stringify([{ name: "test/memo", data: { text: "x\u0000y" } }]),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/NUL/);
  });

  it("prunes finished history past its keep time, never open runs", async () => {
    const old = new Date(Date.now() - 100 * 86_400_000);
    for (const [key, status] of [
      ["old-done", "completed"],
      ["old-failed", "failed"],
      ["old-open", "sleeping"],
    ] as const) {
      await harness.pool.query(
        `INSERT INTO engine_runs (id, function_id, trigger_key, event, status, scheduled_at, ended_at) VALUES (gen_random_uuid(), 't-x', $1, '{}', $2, $3, $4)`,
        [key, status, old, status === "sleeping" ? null : old],
      );
    }
    await harness.pool.query(
      `INSERT INTO engine_runs (id, function_id, trigger_key, event, status, scheduled_at, ended_at) VALUES (gen_random_uuid(), 't-x', 'recent-done', '{}', 'completed', now(), now())`,
    );
    const { pruneHistory } = await import("../../lib/workflow-engine/prune-history");
    await pruneHistory({ pool: harness.pool });
    const { rows } = await harness.pool.query<{ trigger_key: string }>(
      `SELECT trigger_key FROM engine_runs WHERE function_id = 't-x' ORDER BY trigger_key`,
    );
    expect(rows.map((r) => r.trigger_key)).toEqual(["old-open", "recent-done"]);
  });
});
