import type { EnginePool } from "../../lib/workflow-engine/engine-db";

export {
  engineKeys,
  startLocalApp as startHarness,
  testClient,
  type Harness,
} from "../../tools/bench/engine-local-app";

export async function resetEngineTables(pool: EnginePool) {
  await pool.query(
    `TRUNCATE engine_jobs, engine_waits, engine_steps, engine_runs, engine_events, engine_crons, engine_functions RESTART IDENTITY CASCADE`,
  );
}

/** Polls until `check` returns a truthy value (or throws after `timeoutMs`). */
export async function eventually<T>(
  check: () => Promise<T | null | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 50, what = "condition" } = {},
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
