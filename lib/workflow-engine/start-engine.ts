import pg from "pg";
import { createEnginePool, ENGINE_CHANNEL } from "./engine-db";
import { executeJob, type ExecuteOptions, type Job } from "./execute-job";
import { fireDueCrons } from "./fire-crons";
import { routeEvents, type Registry } from "./route-events";
import { pruneHistory } from "./prune-history";
import { syncFunctions } from "./sync-functions";

// Session advisory lock: held by the leader's connection, released by PostgreSQL when that
// connection ends — also when its process is killed — so a standby takes over within a poll.
const LEADER_LOCK = 7_311_452_011;
const PRUNE_EVERY_MS = 3_600_000;

export type EngineHandle = { stop: () => Promise<void>; isLeader: () => boolean };

export type EngineSettings = {
  connectionString: string;
  /** The app's serve() endpoint as the engine reaches it, e.g. http://127.0.0.1:3000/api/inngest */
  serveUrl: string;
  signingKey: string;
  retryBaseMs?: number;
  /** How long one call (one step) may take before it counts as failed and is retried. */
  callTimeoutMs?: number;
  /** Calls to the app in flight at once. */
  concurrency?: number;
  /** Longest idle pause; NOTIFY and finished calls wake the loop sooner. */
  pollMs?: number;
  standbyPollMs?: number;
  now?: () => Date;
  log?: Pick<Console, "log" | "warn" | "error">;
};

/**
 * The embedded workflow engine. Every process may start it; one at a time leads (the lock).
 * The leader syncs the app, then loops: route new events, fire due crons, run due jobs. All
 * state is in PostgreSQL, so the next leader — after a restart, a crash or a takeover — simply
 * continues from the tables.
 */
export function startEngine(settings: EngineSettings): EngineHandle {
  const {
    connectionString,
    serveUrl,
    signingKey,
    retryBaseMs = 5_000,
    callTimeoutMs = 600_000,
    concurrency = 8,
    pollMs = 500,
    standbyPollMs = 2_000,
    now = () => new Date(),
    log = console,
  } = settings;
  const pool = createEnginePool(connectionString, concurrency + 4);
  let stopped = false;
  let leader = false;
  let lockClient: pg.Client | null = null;
  let loopDone: Promise<void> = Promise.resolve();
  const inFlight = new Map<string, Promise<void>>(); // run id → its job in progress

  // Two loops share the leader's time: the router (events, crons) and the dispatcher (due jobs).
  // Each sleeps until poked (NOTIFY from any process, a finished job) or its next due time.
  const wakers = { router: null as (() => void) | null, dispatcher: null as (() => void) | null };
  const pause = (loop: keyof typeof wakers, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wakers[loop] = null;
        resolve();
      }, ms);
      wakers[loop] = () => {
        clearTimeout(timer);
        wakers[loop] = null;
        resolve();
      };
    });
  const poke = () => {
    wakers.router?.();
    wakers.dispatcher?.();
  };

  async function acquire(): Promise<boolean> {
    // keepAlive: if the leader's machine vanishes, its connection (and so the lock) must end in
    // seconds to minutes, not after the operating system's two-hour TCP timeout.
    const client = new pg.Client({
      connectionString,
      application_name: "kesu-engine-leader",
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client.on("error", () => undefined);
    try {
      await client.connect();
      const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock($1) AS locked`, [
        LEADER_LOCK,
      ]);
      if (!rows[0].locked) {
        await client.end();
        return false;
      }
      await client.query(`LISTEN ${ENGINE_CHANNEL}`);
      client.on("notification", poke);
      client.on("end", () => {
        if (lockClient === client) {
          leader = false;
          lockClient = null;
          poke();
        }
      });
      lockClient = client;
      return true;
    } catch {
      await client.end().catch(() => undefined);
      return false;
    }
  }

  let prunedAt = 0;
  async function route(registry: Registry) {
    while (leader && !stopped) {
      let busy = false;
      try {
        const { routed, started } = await routeEvents({ pool, registry, now });
        busy = routed > 0;
        if (started) wakers.dispatcher?.();
        if ((await fireDueCrons({ pool, registry, now })) > 0) wakers.dispatcher?.();
        if (now().getTime() - prunedAt > PRUNE_EVERY_MS) {
          prunedAt = now().getTime();
          await pruneHistory({ pool, now: now() });
        }
      } catch (error) {
        log.error(`[engine] routing error: ${(error as Error).message}`);
      }
      if (!busy) await pause("router", pollMs);
    }
  }

  async function dispatch(options: ExecuteOptions) {
    while (leader && !stopped) {
      let next: Date | null = null;
      try {
        const free = concurrency - inFlight.size;
        if (free > 0) {
          const { rows } = await pool.query<Job>(
            `SELECT id, run_id, kind, step_id, attempt, run_at FROM engine_jobs WHERE run_at <= $1 AND NOT (run_id = ANY($2::uuid[])) ORDER BY run_at, id LIMIT $3`,
            [now(), [...inFlight.keys()], free * 4],
          );
          for (const job of rows) {
            if (inFlight.size >= concurrency) break;
            if (inFlight.has(job.run_id)) continue;
            const work = executeJob(job, options)
              .catch((error) =>
                log.error(
                  `[engine] job ${job.id} (${job.kind}) of run ${job.run_id} failed: ${(error as Error).message}`,
                ),
              )
              .finally(() => {
                inFlight.delete(job.run_id);
                wakers.dispatcher?.();
              });
            inFlight.set(job.run_id, work);
          }
        }
        const upcoming = await pool.query<{ next: Date | null }>(
          `SELECT min(run_at) AS next FROM engine_jobs WHERE NOT (run_id = ANY($1::uuid[]))`,
          [[...inFlight.keys()]],
        );
        next = upcoming.rows[0].next;
      } catch (error) {
        log.error(`[engine] dispatch error: ${(error as Error).message}`);
      }
      // Due work and a free slot: go again at once; otherwise sleep until the next due time.
      if (inFlight.size >= concurrency) {
        await pause("dispatcher", pollMs); // a finishing job wakes it
        continue;
      }
      const untilNext = next ? next.getTime() - now().getTime() : pollMs;
      if (untilNext <= 0) continue;
      await pause("dispatcher", Math.min(pollMs, untilNext));
    }
  }

  async function lead(): Promise<void> {
    let registry: Registry | null = null;
    for (let attempt = 0; !registry && leader && !stopped; attempt += 1) {
      try {
        ({ registry } = await syncFunctions({ pool, serveUrl, signingKey, now, log }));
      } catch (error) {
        // The app may still be starting (the engine runs inside it): keep trying, quietly at first.
        if (attempt >= 20 && attempt % 20 === 0)
          log.warn(`[engine] sync failed, retrying: ${(error as Error).message}`);
        await pause("router", Math.min(5_000, 250 * 2 ** Math.min(attempt, 5)));
      }
    }
    if (!registry) return;
    await Promise.all([route(registry), dispatch({ pool, registry, signingKey, retryBaseMs, callTimeoutMs, now })]);
  }

  async function run() {
    while (!stopped) {
      leader = await acquire();
      if (leader) {
        log.log("[engine] leading: this process runs the workflows");
        await lead();
        await Promise.allSettled(inFlight.values());
      }
      if (!stopped) await pause("router", standbyPollMs);
    }
  }

  loopDone = run();
  return {
    isLeader: () => leader,
    stop: async () => {
      stopped = true;
      poke();
      await loopDone.catch(() => undefined);
      await lockClient?.end().catch(() => undefined);
      lockClient = null;
      leader = false;
      await pool.end().catch(() => undefined);
    },
  };
}
