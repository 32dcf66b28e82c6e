import type { Db } from "../db-client";

/** Moves the committed rollup deltas into the rollups (one folder at a time; 0 when another is folding). */
export async function foldRollups({ db }: { db: Db }): Promise<number> {
  const [{ folded }] = await db.$queryRaw<{ folded: number }[]>`SELECT kesu_fold_rollups() AS folded`;
  return folded;
}

/**
 * Folds every `intervalMs` in each app process (PostgreSQL lets one fold at a time), so the delta
 * tables stay small and readers' sums cheap. Returns a stop function.
 */
export function startRollupFolder({
  db,
  intervalMs = 2000,
  log = console,
}: {
  db: Db;
  intervalMs?: number;
  log?: Pick<Console, "warn">;
}) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      await foldRollups({ db });
    } catch (error) {
      log.warn(`[rollups] fold failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
  };
  timer = setTimeout(() => void tick(), intervalMs);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
