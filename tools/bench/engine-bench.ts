import { percentile } from "./measure";
import { startLocalApp, testClient, type Harness } from "./engine-local-app";

/**
 * The embedded engine under load, with the same code the app runs (lib/workflow-engine) driving
 * the SDK's serve() over HTTP (tools/bench/engine-local-app.ts):
 * - throughput: `starts` events sent through the SDK's `send` in batches of 500 → time until
 *   every run's first step has run (events/s from event API to run start, and each event's latency);
 * - precision: `timers` runs sleeping at once, like SLA timers: `dueSoon` of them due over the
 *   next `spreadSeconds` (after `leadSeconds`), the rest between 1 and 24 hours later → lag between
 *   each due time and the step after the sleep starting (p50/p95/max), with all of them pending.
 */
export async function benchEngine({
  connectionString,
  starts = 5_000,
  timers = 10_000,
  dueSoon = 1_000,
  spreadSeconds = 60,
  leadSeconds = 30,
}: {
  connectionString: string;
  starts?: number;
  timers?: number;
  dueSoon?: number;
  spreadSeconds?: number;
  leadSeconds?: number;
}) {
  let app: Harness | undefined; // eslint-disable-line prefer-const -- assigned once the harness is up, read by the client before
  const client = testClient("bench", () => app?.port ?? 0);
  const startLatency: number[] = [];
  const timerLag: number[] = [];
  const firstStep = client.createFunction(
    { id: "first-step", triggers: [{ event: "test/bench-start" }], retries: 0 },
    async ({ event, step }) =>
      step.run("first", () => {
        startLatency.push(Date.now() - Number(event.data.sentAt));
        return null;
      }),
  );
  const timer = client.createFunction(
    { id: "timer", triggers: [{ event: "test/bench-timer" }], retries: 0 },
    async ({ event, step }) => {
      await step.sleepUntil("until-due", new Date(Number(event.data.dueAt)));
      return step.run("act", () => {
        timerLag.push(Date.now() - Number(event.data.dueAt));
        return null;
      });
    },
  );
  app = await startLocalApp({ client, functions: [firstStep, timer], connectionString });
  app.startEngine({ retryBaseMs: 1_000, pollMs: 250, concurrency: Number(process.env.BENCH_ENGINE_CONCURRENCY ?? 8) });
  const waitFor = async (done: () => boolean, timeoutMs: number) => {
    const until = Date.now() + timeoutMs;
    while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
  };
  const sendAll = async (events: { name: string; data: Record<string, unknown> }[]) => {
    for (let i = 0; i < events.length; i += 500)
      await client.send(events.slice(i, i + 500) as Parameters<typeof client.send>[0]);
  };
  try {
    await waitFor(() => app!.engine!.isLeader(), 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000)); // the first sync

    const began = Date.now();
    await sendAll(
      Array.from({ length: starts }, (_, i) => ({ name: "test/bench-start", data: { i, sentAt: Date.now() } })),
    );
    await waitFor(() => startLatency.length >= starts, 600_000);
    const startSeconds = (Date.now() - began) / 1000;

    // First the background: timers due 1–24 h from now, as SLA timers are; all must be asleep
    // before the measured ones come due, so the lag measured is the engine's, not a start-up backlog.
    const background = timers - dueSoon;
    const sleeping = async () =>
      Number(
        (await app!.pool.query<{ n: string }>(`SELECT count(*) AS n FROM engine_steps WHERE status = 'sleeping'`))
          .rows[0].n,
      );
    const laterAt = Date.now() + 3_600_000;
    await sendAll(
      Array.from({ length: background }, (_, i) => ({
        name: "test/bench-timer",
        data: { i, dueAt: laterAt + ((i * 7919) % 1000) * 82_800 },
      })),
    );
    const settleUntil = Date.now() + 900_000;
    while ((await sleeping()) < background && Date.now() < settleUntil)
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    // Then the measured ones: due over `spreadSeconds`, starting `leadSeconds` from now.
    const dueFrom = Date.now() + leadSeconds * 1000;
    await sendAll(
      Array.from({ length: dueSoon }, (_, i) => ({
        name: "test/bench-timer",
        data: { i: background + i, dueAt: Math.round(dueFrom + (i / dueSoon) * spreadSeconds * 1000) },
      })),
    );
    let sleepingAtFirstDue = 0;
    while (Date.now() < dueFrom) {
      sleepingAtFirstDue = await sleeping();
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const measured = dueSoon;
    await waitFor(() => timerLag.length >= measured, spreadSeconds * 1000 + 600_000);
    const sorted = [...timerLag].sort((a, b) => a - b);
    const latencies = [...startLatency].sort((a, b) => a - b);
    return {
      starts: {
        events: starts,
        completed: startLatency.length,
        seconds: Math.round(startSeconds * 10) / 10,
        eventsPerSecond: Math.round(startLatency.length / startSeconds),
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
      },
      timers: {
        pending: timers,
        sleepingAtFirstDue,
        dueSoon: measured,
        fired: timerLag.length,
        spreadSeconds,
        lagP50Ms: percentile(sorted, 50),
        lagP95Ms: percentile(sorted, 95),
        lagMaxMs: sorted.at(-1) ?? null,
      },
    };
  } finally {
    await app.close();
  }
}
