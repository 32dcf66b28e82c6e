import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { CATEGORIES } from "../../lib/complaints/vocabulary/taxonomy";
import { openLoop } from "./open-loop";
import { sampleTexts } from "./triage-bench";

export type LoadResult = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** Failed requests by cause (open loop only). */
  failures?: Record<string, number>;
};

export function summary(result: autocannon.Result): LoadResult {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Complaint intake (POST /api/v1/complaints: auth, rate limit, validation, triage, one statement
 * with its events, audit and rollup deltas) under `connections` concurrent clients, then a bare
 * route of the same server (GET /api/health, App Router) the same way: the ratio is what intake costs
 * over the framework itself; and a bare answer on intake's own path (Pages Router), for the ratio
 * like for like. Also: a wave (one order, category and region), the same traffic with one
 * request in five malformed, and the latency at a fixed offered rate, evenly spaced (open-loop.ts;
 * closed-loop latency at saturation is only queueing: 50 connections / throughput).
 */
export async function benchHttp({
  url,
  apiKey,
  orderNos,
  warmupOrderNos,
  connections = 50,
  seconds = 40,
  warmupSeconds = 30,
  steadyRate = 100,
}: {
  url: string;
  apiKey: string;
  orderNos: string[];
  /** Other orders for the warm-up, so the measured runs still meet orders seen for the first time. */
  warmupOrderNos: string[];
  /** Load before measuring: the server's JIT needs about half a minute of it (see below). */
  warmupSeconds?: number;
  connections?: number;
  /**
   * Each measured run's length. 40 s, not 10: a p99 over 10 s rests on the slowest ~65 requests,
   * and one or two long collections move it — identical 10 s runs read 112–196 ms, 40 s ones
   * 118–139 ms (README, "Against issue 14's goals").
   */
  seconds?: number;
  /** Requests per second offered for the latency measurement. */
  steadyRate?: number;
}) {
  const texts = sampleTexts(500, 3);
  const post = ({ body, duration = seconds }: { body: (n: number) => string; duration?: number }) => {
    let n = 0;
    return autocannon({
      url: `${url}/api/v1/complaints`,
      connections,
      duration,
      requests: [
        {
          method: "POST",
          setupRequest: (request) => {
            n += 1;
            return {
              ...request,
              headers: {
                authorization: `Bearer ${apiKey}`,
                "content-type": "application/json",
                "idempotency-key": randomUUID(),
              },
              body: body(n),
            };
          },
        },
      ],
    });
  };
  // Mixed traffic: orders, categories and texts spread out.
  const mixedOn = (orders: string[]) => (n: number) =>
    JSON.stringify({
      orderNo: orders[n % orders.length],
      category: CATEGORIES[n % CATEGORIES.length],
      description: texts[n % texts.length],
    });
  const mixed = mixedOn(orderNos);
  // One request in five is refused before any database work: broken JSON, an unknown type, no order.
  const malformed = [
    () => '{"orderNo": "x", "category": ',
    (n: number) =>
      JSON.stringify({ orderNo: orderNos[0], category: "no.such.type", description: texts[n % texts.length] }),
    () => JSON.stringify({ category: CATEGORIES[0], description: "" }),
  ];
  // Warm-up, not measured: pools, the first compilation of each route, and V8's JIT, which keeps
  // optimising for a while — measured here, a fresh server's intake ran about 125, 190 and 210
  // req/s in three 13 s runs back to back. A server that has run for a minute is what takes a wave.
  await post({ body: mixedOn(warmupOrderNos), duration: warmupSeconds });
  const intake = await post({ body: mixed });
  // A wave: every complaint on one order (one customer, region and tier), one category — the same
  // rollup row for all of them, as when a rotten batch reaches a city.
  const wave = await post({
    body: (n) =>
      JSON.stringify({ orderNo: orderNos[0], category: "product.quality", description: texts[n % texts.length] }),
  });
  const withMalformed = await post({
    body: (n) => (n % 5 === 0 ? malformed[(n / 5) % malformed.length]!(n) : mixed(n)),
  });
  const paced = (rate: number) =>
    openLoop({
      url: `${url}/api/v1/complaints`,
      rate,
      seconds,
      connections,
      method: "POST",
      headers: () => ({
        authorization: `Bearer ${apiKey}`,
        "content-type": "application/json",
        "idempotency-key": randomUUID(),
      }),
      body: mixed,
    });
  const steady = await paced(steadyRate);
  // Near capacity too (about three quarters of what intake reached above), where queues start.
  const busyRate = Math.max(steadyRate, Math.round((summary(intake).requestsPerSecond * 0.75) / 10) * 10);
  const busy = await paced(busyRate);
  const bare = await autocannon({ url: `${url}/api/health`, connections, duration: seconds });
  // The same bare measure on the path intake takes: Next's Pages Router (pages/api/v1/complaints.ts),
  // whose OPTIONS is answered before any work. Intake moved there from App Router on 2026-12-03;
  // against this baseline its ratio means what it meant before the move (README, "Against issue 14's goals").
  const barePages = await autocannon({
    url: `${url}/api/v1/complaints`,
    method: "OPTIONS",
    connections,
    duration: seconds,
  });
  const [a, w, m, b] = [summary(intake), summary(wave), summary(withMalformed), summary(bare)];
  const bp = summary(barePages);
  const ratio = (x: number, baseline = b) => Math.round((x / baseline.requestsPerSecond) * 1000) / 1000;
  // Only the well-formed ones count as intake throughput in the mixed-in run.
  const goodPerSecond = Math.round(
    ((withMalformed.requests.total - withMalformed.non2xx) / withMalformed.requests.total) * m.requestsPerSecond,
  );
  return {
    intake: a,
    wave: w,
    malformed: { ...m, goodPerSecond },
    steady: { ...steady, offered: steadyRate },
    busy: { ...busy, offered: busyRate },
    bare: b,
    barePages: bp,
    ratio: ratio(a.requestsPerSecond),
    pagesRatio: ratio(a.requestsPerSecond, bp),
    waveRatio: ratio(w.requestsPerSecond),
    malformedRatio: ratio(goodPerSecond),
  };
}
