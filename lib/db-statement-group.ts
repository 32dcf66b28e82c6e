import pg from "pg";
import { AppError } from "./errors";

/**
 * Group commit, the pattern under intake's two statements (lib/complaints/intake-context.ts reads,
 * intake-batch.ts writes) and the H5 session read (lib/auth/h5-session-read.ts): work that arrives
 * while earlier statements are in flight goes to PostgreSQL together, as one statement, instead of
 * one each. Nothing waits for a timer: an item goes at the end of the
 * event loop's turn it arrived in (alone, when traffic is light); under a wave the queue fills
 * while the slots are busy, and each statement takes what has gathered.
 *
 * Why the end of the turn and not at once: under load, requests move in convoys — one read answers
 * up to 32 of them, and their triage runs back to back in one turn, each handing its write over as
 * it finishes. Sent at once, the first few of a convoy took the free slots alone (under the bench's
 * mixed intake on a 300 000-complaint copy, two write statements in three had one complaint, each
 * with its own commit and WAL flush); sent at the turn's end, the convoy is one statement.
 */
export type Pending<I, O> = {
  input: I;
  queuedAt: number;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
};

/** A grouped statement waits no longer than a transaction may last; then it fails and is answered. */
export const QUERY_TIMEOUT_MS = 15_000;

/**
 * An item that has waited longer than a request waits for a connection when its turn comes is
 * refused rather than sent, and no more than `maxQueued` wait at all: beyond either, `busy` (503,
 * retry) rather than a queue that grows while the database is slow. (The wait is judged when a
 * slot frees, so a statement that hangs holds its queue until its own timeout.)
 */
const MAX_WAIT_MS = 10_000;
const busy = () => new AppError("busy", { retryAfterSeconds: 2 });

export function createStatementGroup<I, O>({
  maxBatch,
  maxInFlight,
  run,
  observe,
}: {
  /** Most items in one statement. */
  maxBatch: number;
  /** Statements in flight at once (of the pool's connections). */
  maxInFlight: number;
  /** Sends one batch and settles every item of it (resolve or reject each); never throws. */
  run: (batch: Pending<I, O>[]) => Promise<void>;
  /** Told each batch's size (a metric). */
  observe?: (size: number) => void;
}): (input: I) => Promise<O> {
  const queue: Pending<I, O>[] = [];
  const maxQueued = 10 * maxBatch;
  let inFlight = 0;
  let pumpScheduled = false;

  const pump = () => {
    while (inFlight < maxInFlight && queue.length) {
      const now = Date.now();
      const batch = queue.splice(0, maxBatch).filter((item) => {
        if (now - item.queuedAt <= MAX_WAIT_MS) return true;
        item.reject(busy());
        return false;
      });
      if (!batch.length) continue;
      inFlight += 1;
      // Started from a promise: pump runs in a setImmediate callback, where a synchronous throw
      // (of `observe`, or of a `run` that is not async) would be an uncaught exception.
      void Promise.resolve()
        .then(() => {
          observe?.(batch.length);
          return run(batch);
        })
        // `run` settles its items itself; should it throw, none is left waiting.
        .catch((error: unknown) => batch.forEach((item) => item.reject(error)))
        .finally(() => {
          inFlight -= 1;
          pump();
        });
    }
  };

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      if (queue.length >= maxQueued) return reject(busy());
      queue.push({ input, queuedAt: Date.now(), resolve, reject });
      if (pumpScheduled) return;
      pumpScheduled = true;
      setImmediate(() => {
        pumpScheduled = false;
        pump();
      });
    });
}

/** One group per pool (each app process has one pool; tests open their own), made on first use. */
export function perPool<T>(create: (pool: pg.Pool) => T): (pool: pg.Pool) => T {
  const made = new WeakMap<pg.Pool, T>();
  return (pool) => {
    let group = made.get(pool);
    if (group === undefined) made.set(pool, (group = create(pool)));
    return group;
  };
}

/**
 * The statement failed and rolled back for something in what it carried: a refused photo
 * (kesu_refuse), an integrity or data error, or a deadlock or serialization failure with another
 * writer. Then nothing of the batch was done, and each item may be sent again alone.
 */
export function rolledBackForItsData(error: unknown): boolean {
  const code = error instanceof pg.DatabaseError ? (error.code ?? "") : "";
  return code === "KS409" || code === "40P01" || code === "40001" || /^2[23]/.test(code);
}
