import { z } from "zod";
import { inTransaction, type EnginePool } from "./engine-db";
import { canonicalJson, signBody, verifySignature } from "./engine-keys";
import { judgeFunction, type CompiledFunction, type Judgement } from "./function-config";
import type { Registry } from "./route-events";
import { cancelRun, OPEN_RUN_STATUSES } from "./run-state";

const syncResponseSchema = z.object({ app_id: z.string(), functions: z.array(z.unknown()) }).passthrough();

class SyncError extends Error {}

function ownUrl(serveUrl: string, reported: string): string {
  const url = new URL(serveUrl);
  url.search = new URL(reported).search;
  return url.toString();
}

/**
 * Syncs the app the way Inngest does in-band: a signed PUT to its serve() endpoint, which
 * answers (signed) with every function's configuration. Each is judged; the ones the engine can
 * run form the registry, the others are recorded and logged with the feature that stopped them.
 * Functions gone from the app are marked removed and their open runs cancelled with that reason.
 */
export async function syncFunctions({
  pool,
  serveUrl,
  signingKey,
  now = () => new Date(),
  log = console,
}: {
  pool: EnginePool;
  serveUrl: string;
  signingKey: string;
  now?: () => Date;
  log?: Pick<Console, "error" | "log">;
}): Promise<{ registry: Registry; judgements: Judgement[] }> {
  const body = canonicalJson({ url: serveUrl });
  let response: Response;
  let text: string;
  try {
    response = await fetch(serveUrl, {
      method: "PUT",
      body,
      headers: {
        "content-type": "application/json",
        "x-inngest-sync-kind": "in_band",
        "x-inngest-server-kind": "cloud",
        "x-inngest-signature": signBody({ body, signingKey }),
      },
      signal: AbortSignal.timeout(30_000),
      redirect: "error",
    });
    text = await response.text();
  } catch (error) {
    throw new SyncError(`cannot reach ${serveUrl}: ${(error as Error).message}`);
  }
  if (response.status !== 200 || response.headers.get("x-inngest-sync-kind") !== "in_band")
    throw new SyncError(`sync refused by ${serveUrl}: HTTP ${response.status} ${text.slice(0, 300)}`);
  if (!verifySignature({ body: text, header: response.headers.get("x-inngest-signature"), signingKey }))
    throw new SyncError(`sync answer from ${serveUrl} is not signed with the engine's key`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyncError(`sync answer from ${serveUrl} is not JSON`);
  }
  const parsed = syncResponseSchema.safeParse(json);
  if (!parsed.success) throw new SyncError(`sync answer from ${serveUrl} is unreadable`);

  // The engine calls its own serveUrl, whatever origin the SDK reports (INNGEST_SERVE_ORIGIN /
  // _PATH are for a public Inngest); only the function's query (fnId, stepId) is taken from it.
  const judgements = parsed.data.functions
    .map(judgeFunction)
    .map((judgement) =>
      judgement.ok ? { ...judgement, fn: { ...judgement.fn, url: ownUrl(serveUrl, judgement.fn.url) } } : judgement,
    );
  const registry: Registry = new Map();
  for (const judgement of judgements) {
    if (judgement.ok) registry.set(judgement.fn.id, judgement.fn);
    else log.error(`[engine] function ${judgement.id} refused: ${judgement.reason}`);
  }
  const at = now();
  await inTransaction(pool, async (client) => {
    for (const [index, judgement] of judgements.entries()) {
      const config = parsed.data.functions[index];
      const id = judgement.ok ? judgement.fn.id : judgement.id;
      await client.query(
        `INSERT INTO engine_functions (id, name, url, config, refused, synced_at, removed_at) VALUES ($1, $2, $3, $4, $5, $6, NULL)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, url = excluded.url, config = excluded.config, refused = excluded.refused, synced_at = excluded.synced_at, removed_at = NULL`,
        [
          id,
          judgement.ok ? judgement.fn.name : judgement.name,
          judgement.ok ? judgement.fn.url : judgement.url,
          JSON.stringify(config),
          judgement.ok ? null : judgement.reason,
          at,
        ],
      );
    }
    const served = judgements.map((j) => (j.ok ? j.fn.id : j.id));
    await client.query(
      `UPDATE engine_functions SET removed_at = $2 WHERE removed_at IS NULL AND NOT (id = ANY($1::text[]))`,
      [served, at],
    );
    const { rows: orphans } = await client.query<{ id: string; function_id: string }>(
      `SELECT id, function_id FROM engine_runs WHERE status = ANY($1::text[]) AND NOT (function_id = ANY($2::text[]))`,
      [OPEN_RUN_STATUSES, [...registry.keys()]],
    );
    for (const orphan of orphans)
      await cancelRun({
        client,
        runId: orphan.id,
        reason: `function ${orphan.function_id} is no longer served by the app (or was refused at sync)`,
        now: at,
      });
    await syncCrons({ client, registry, now: at });
  });
  log.log(
    `[engine] synced ${registry.size} functions from ${serveUrl}${registry.size < judgements.length ? ` (${judgements.length - registry.size} refused)` : ""}`,
  );
  return { registry, judgements };
}

/** Keeps one row per cron trigger; an existing row keeps its next time (a restart does not skip or repeat a slot). */
async function syncCrons({
  client,
  registry,
  now,
}: {
  client: Pick<EnginePool, "query">;
  registry: Map<string, CompiledFunction>;
  now: Date;
}) {
  const keep: string[] = [];
  for (const fn of registry.values()) {
    for (const { cron, schedule } of fn.crons) {
      keep.push(`${fn.id}\n${cron}`);
      const next = schedule.nextRun(now);
      if (next)
        await client.query(
          `INSERT INTO engine_crons (function_id, cron, next_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
          [fn.id, cron, next],
        );
    }
  }
  await client.query(`DELETE FROM engine_crons WHERE NOT (function_id || E'\\n' || cron = ANY($1::text[]))`, [keep]);
}
