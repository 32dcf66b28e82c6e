import pg from "pg";

/**
 * The engine talks to PostgreSQL through plain `pg` (its own small pool): it needs LISTEN/NOTIFY,
 * a session advisory lock, SKIP LOCKED and jsonb containment, and its hot loop should not pay
 * Prisma's per-query cost. /admin/workflows reads the same tables through Prisma.
 */
export type EnginePool = pg.Pool;
export type EngineClient = pg.PoolClient;
export type Queryable = Pick<pg.Pool, "query">;

export function createEnginePool(connectionString: string, max = 6): EnginePool {
  const pool = new pg.Pool({ connectionString, max, application_name: "kesu-engine" });
  // An idle connection dropped by the server (restart, failover) must not take the app down:
  // the pool discards it and the next query opens a new one.
  pool.on("error", (error) => console.warn(`[engine] idle database connection lost: ${error.message}`));
  return pool;
}

/** Runs `work` in one transaction; rolls back on any error. */
export async function inTransaction<T>(pool: EnginePool, work: (client: EngineClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Wakes the leader at once instead of at its next poll (same channel in every process). */
export const ENGINE_CHANNEL = "kesu_engine";

/**
 * JSON for a jsonb column. PostgreSQL's jsonb refuses U+0000 and lone surrogates, which a step's
 * output or an error message can contain: those characters become U+FFFD, so storing an outcome
 * can never fail on them (a failed store would leave the job to run the step again).
 */
export function toJsonb(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    typeof v === "string" ? v.replace(/\u0000/g, "\uFFFD").toWellFormed() : v,
  );
}
