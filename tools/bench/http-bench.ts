import { randomUUID } from "node:crypto";
import autocannon from "autocannon";
import { CATEGORIES } from "../../lib/complaints/vocabulary/taxonomy";
import { sampleTexts } from "./triage-bench";

export type LoadResult = { requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number };

function summary(result: autocannon.Result): LoadResult {
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Complaint intake (POST /api/v1/complaints: auth, validation, triage, one transaction with its
 * events, audit and rollups) under `connections` concurrent clients, then a bare route of the same
 * server (GET /api/health) the same way: the ratio is what intake costs over the framework itself.
 */
export async function benchHttp({
  url,
  apiKey,
  orderNos,
  connections = 50,
  seconds = 10,
}: {
  url: string;
  apiKey: string;
  orderNos: string[];
  connections?: number;
  seconds?: number;
}) {
  const texts = sampleTexts(500, 3);
  const post = (body: (n: number) => object) => {
    let n = 0;
    return autocannon({
      url: `${url}/api/v1/complaints`,
      connections,
      duration: seconds,
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
              body: JSON.stringify(body(n)),
            };
          },
        },
      ],
    });
  };
  // Mixed traffic: orders, categories and texts spread out.
  const intake = await post((n) => ({
    orderNo: orderNos[n % orderNos.length],
    category: CATEGORIES[n % CATEGORIES.length],
    description: texts[n % texts.length],
  }));
  // A wave: every complaint on one order (one customer, region and tier), one category — the same
  // rollup row for all of them, as when a rotten batch reaches a city.
  const wave = await post((n) => ({
    orderNo: orderNos[0],
    category: "product.quality",
    description: texts[n % texts.length],
  }));
  const bare = await autocannon({ url: `${url}/api/health`, connections, duration: seconds });
  const [a, w, b] = [summary(intake), summary(wave), summary(bare)];
  const ratio = (x: LoadResult) => Math.round((x.requestsPerSecond / b.requestsPerSecond) * 1000) / 1000;
  return { intake: a, wave: w, bare: b, ratio: ratio(a), waveRatio: ratio(w) };
}
