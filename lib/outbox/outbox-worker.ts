import type { Db } from "../db-client";
import { relayOutbox, type SendEvents } from "./relay-outbox";

/**
 * Relays the outbox continuously: at once while there is a backlog, every `intervalMs` when
 * idle, and with exponential backoff (up to `maxBackoffMs`) while Inngest is unreachable, so an
 * outage is ridden out without hammering it. Returns a stop function.
 */
export function startOutboxWorker({
  db,
  send,
  intervalMs = 1000,
  maxBackoffMs = 60_000,
  log = console,
}: {
  db: Db;
  send: SendEvents;
  intervalMs?: number;
  maxBackoffMs?: number;
  log?: Pick<Console, "warn">;
}) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  const tick = async () => {
    if (stopped) return;
    let delay = intervalMs;
    try {
      const result = await relayOutbox({ db, send });
      if (result.failed) {
        failures += 1;
        delay = Math.min(maxBackoffMs, intervalMs * 2 ** failures);
        if (failures === 1 || failures % 10 === 0)
          log.warn(`[outbox] send failed (${failures}×), retrying in ${delay} ms: ${result.error}`);
      } else {
        failures = 0;
        if (result.sent) delay = 0;
      }
    } catch (error) {
      failures += 1;
      delay = Math.min(maxBackoffMs, intervalMs * 2 ** failures);
      log.warn(
        `[outbox] relay error, retrying in ${delay} ms: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (!stopped) timer = setTimeout(() => void tick(), delay);
  };
  timer = setTimeout(() => void tick(), 0);
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
