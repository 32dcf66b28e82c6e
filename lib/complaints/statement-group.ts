import { AppError } from "../errors";

/**
 * Group commit, the pattern under intake's two statements (intake-context.ts reads, intake-batch.ts
 * writes): work that arrives while earlier statements are in flight goes to PostgreSQL together, as
 * one statement, instead of one each. Nothing waits for a timer: with a free slot an item goes at
 * once (alone, when traffic is light); under a wave the queue fills while the slots are busy, and
 * each statement takes what has gathered.
 */
export type Pending<I, O> = {
  input: I;
  queuedAt: number;
  resolve: (output: O) => void;
  reject: (error: unknown) => void;
};

/**
 * An item waits for its statement no longer than a request waits for a connection, and no more
 * than `maxQueued` wait at all: beyond either, `busy` (503, retry) rather than a queue that grows
 * while the database is slow.
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

  const pump = () => {
    while (inFlight < maxInFlight && queue.length) {
      const now = Date.now();
      const batch = queue.splice(0, maxBatch).filter((item) => {
        if (now - item.queuedAt <= MAX_WAIT_MS) return true;
        item.reject(busy());
        return false;
      });
      if (!batch.length) continue;
      observe?.(batch.length);
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  };

  return (input: I) =>
    new Promise<O>((resolve, reject) => {
      if (queue.length >= maxQueued) return reject(busy());
      queue.push({ input, queuedAt: Date.now(), resolve, reject });
      pump();
    });
}
