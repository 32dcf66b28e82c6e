import { Agent, request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import type { LoadResult } from "./http-bench";

/** A request whose socket stays silent this long is given up (Node's socket idle timeout). */
const IDLE_TIMEOUT_MS = 30_000;

/**
 * Requests sent at evenly spaced moments whatever the answers do (an open loop), for latency at a
 * given offered rate. autocannon's `overallRate` gives each connection its share per second and
 * lets it send that share at once when the second starts, so "100 per second over 50 connections"
 * arrives as a burst of 100 every second and its latency is that burst's queue. Here latency counts
 * from the moment a request was due, so one that waits for a free connection waits on the clock
 * (no coordinated omission).
 */
export async function openLoop({
  url,
  rate,
  seconds,
  connections,
  method = "GET",
  headers = () => ({}),
  body = () => undefined,
}: {
  url: string;
  rate: number;
  seconds: number;
  connections: number;
  method?: string;
  headers?: (n: number) => Record<string, string>;
  body?: (n: number) => string | undefined;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  // Why requests failed (ECONNRESET, timeout, closed mid-answer), so a failure in the bench says what it was.
  const failures: Record<string, number> = {};
  // Each request settles once: a whole 2xx answer is timed; any other answer counts as non-2xx and
  // an error or a connection closed mid-answer as an error, neither in the percentiles (a fast
  // refusal would flatter them).
  const send = (n: number, due: number) =>
    new Promise<void>((resolve) => {
      let settled = false;
      const settle = (outcome: "ok" | "non2xx" | "error", cause = "") => {
        if (settled) return;
        settled = true;
        if (outcome === "ok") latencies.push(performance.now() - due);
        else if (outcome === "non2xx") non2xx += 1;
        else {
          errors += 1;
          failures[cause] = (failures[cause] ?? 0) + 1;
        }
        resolve();
      };
      let answering = false;
      const req = request(url, { method, agent, headers: headers(n), timeout: IDLE_TIMEOUT_MS }, (response) => {
        answering = true;
        response.resume();
        response.on("end", () => settle((response.statusCode ?? 0) < 300 ? "ok" : "non2xx"));
        response.on("close", () => settle("error", "closed mid-answer"));
      });
      req.on("timeout", () =>
        req.destroy(Object.assign(new Error("timeout"), { code: `no byte for ${IDLE_TIMEOUT_MS / 1000} s` })),
      );
      req.on("error", (error: NodeJS.ErrnoException) => settle("error", error.code ?? error.message));
      // Node emits the request's close before the response's when the server hangs up mid-answer.
      req.on("close", () => settle("error", answering ? "closed mid-answer" : "closed before an answer"));
      req.end(body(n));
    });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let n = 0; n < total; n += 1) {
    const due = started + n * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(send(n, due));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return {
    requestsPerSecond: Math.round(latencies.length / elapsed),
    p50: at(0.5),
    p99: at(0.99),
    errors,
    non2xx,
    ...(errors ? { failures } : {}),
  };
}
