import client from "prom-client";

type Metrics = ReturnType<typeof createMetrics>;

function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: "kesu_" });
  return {
    registry,
    requestDuration: new client.Histogram({
      name: "kesu_http_request_duration_seconds",
      help: "Request handling time by route, method and status class.",
      labelNames: ["route", "method", "status"] as const,
      // Around the 500 ms alert threshold (seed 001) in more detail.
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    intake: new client.Counter({
      name: "kesu_complaints_intake_total",
      help: "Complaints filed, by source.",
      labelNames: ["source"] as const,
      registers: [registry],
    }),
    intakeBatch: new client.Histogram({
      name: "kesu_intake_write_batch_size",
      help: "Complaints per intake batch taken from the queue (group commit: more than one under load).",
      buckets: [1, 2, 4, 8, 16, 32],
      registers: [registry],
    }),
    intakeReadBatch: new client.Histogram({
      name: "kesu_intake_read_batch_size",
      help: "Complaints per intake context read (grouped like the writes: more than one under load).",
      buckets: [1, 2, 4, 8, 16, 32],
      registers: [registry],
    }),
    h5SessionReadBatch: new client.Histogram({
      name: "kesu_h5_session_read_batch_size",
      help: "H5 requests per session read (grouped like intake's reads: more than one under load).",
      buckets: [1, 2, 4, 8, 16, 32],
      registers: [registry],
    }),
    autoRefundLedger: new client.Counter({
      name: "kesu_intake_auto_refund_total",
      help: "Rule refunds at intake by how they were decided: in the complaint's statement (ledger unchanged since the read) or again in a transaction (ledger moved).",
      labelNames: ["ledger"] as const,
      registers: [registry],
    }),
    autoResolved: new client.Counter({
      name: "kesu_complaints_auto_resolved_total",
      help: "Complaints resolved by a rule at intake (e.g. out of stock under ¥50).",
      registers: [registry],
    }),
  };
}

// One registry per process, kept across Next's module reloads in development.
const store = globalThis as typeof globalThis & { __kesuMetrics?: Metrics };

export function metrics(): Metrics {
  return (store.__kesuMetrics ??= createMetrics());
}

/** Times a request handler under a fixed route label (never the raw path: ids would explode the series). */
export function timed<Q extends { method: string }, A extends unknown[], R extends { status: number }>(
  route: string,
  handler: (request: Q, ...rest: A) => Promise<R> | R,
) {
  return async (request: Q, ...rest: A): Promise<R> => {
    const end = metrics().requestDuration.startTimer({ route, method: request.method });
    let status = 500;
    try {
      const response = await handler(request, ...rest);
      status = response.status;
      return response;
    } finally {
      end({ status: `${Math.floor(status / 100)}xx` });
    }
  };
}

/** Times a page's data loading under `route` (pages have no handler to wrap; rendering is not included). */
export async function timedLoad<T>(route: string, load: () => Promise<T>): Promise<T> {
  const end = metrics().requestDuration.startTimer({ route, method: "GET" });
  let status = "5xx";
  try {
    const result = await load();
    status = "2xx";
    return result;
  } finally {
    end({ status });
  }
}
