import { randomUUID } from "node:crypto";
import { z } from "zod";
import { DOMAIN_EVENTS } from "../outbox/domain-events";
import { ENGINE_CHANNEL, inTransaction, type EngineClient, type EnginePool } from "./engine-db";

/** Inngest's own limits are of this order; an event is a notice, not a document. */
const MAX_EVENT_BYTES = 256 * 1024;
export const MAX_REQUEST_BYTES = 3 * 1024 * 1024;
const MAX_EVENTS_PER_REQUEST = 1000;

/** Events only the engine itself emits; refused from outside. */
export const INTERNAL_EVENTS = {
  functionFailed: "inngest/function.failed",
  scheduledTimer: "inngest/scheduled.timer",
} as const;

const incomingEventSchema = z.object({
  name: z.string().min(1).max(256),
  data: z.record(z.string(), z.unknown()).default({}),
  id: z.string().min(1).max(256).optional(),
  ts: z.number().int().positive().optional(),
});

export type EngineEvent = { id: string; name: string; data: Record<string, unknown>; ts: number };

export type IngestResult =
  | { ok: true; ids: string[] }
  | { ok: false; status: 400 | 413; error: string; errors: { index: number; message: string }[] };

/**
 * Checks a batch from the event API (the body of POST /e/{key}, already size-checked as text):
 * every event must be a known domain event whose data fits its schema. One bad event refuses
 * the whole batch, so a sender never has to guess which half was taken.
 */
export type EventSchemas = Record<string, z.ZodType>;

function hasUnstorableText(value: unknown): boolean {
  if (typeof value === "string") return value.includes("\u0000") || !value.isWellFormed();
  if (Array.isArray(value)) return value.some(hasUnstorableText);
  if (value && typeof value === "object")
    return Object.entries(value).some(([key, v]) => hasUnstorableText(key) || hasUnstorableText(v));
  return false;
}

function validateEventBatch(
  body: unknown,
  schemas: EventSchemas = DOMAIN_EVENTS,
): { ok: true; events: EngineEvent[] } | Extract<IngestResult, { ok: false }> {
  const list = Array.isArray(body) ? body : [body];
  if (list.length === 0) return { ok: true, events: [] };
  if (list.length > MAX_EVENTS_PER_REQUEST)
    return { ok: false, status: 413, error: `at most ${MAX_EVENTS_PER_REQUEST} events per request`, errors: [] };
  const errors: { index: number; message: string }[] = [];
  const events: EngineEvent[] = [];
  list.forEach((raw, index) => {
    const parsed = incomingEventSchema.safeParse(raw);
    if (!parsed.success) {
      errors.push({
        index,
        message: parsed.error.issues.map((issue) => `${issue.path.join(".") || "event"}: ${issue.message}`).join("; "),
      });
      return;
    }
    const { name, data, id, ts } = parsed.data;
    const json = JSON.stringify(data);
    if (Buffer.byteLength(json) > MAX_EVENT_BYTES) {
      errors.push({ index, message: `data is larger than ${MAX_EVENT_BYTES / 1024} KiB` });
      return;
    }
    // PostgreSQL cannot store U+0000 or a lone surrogate in jsonb: say so now, not fail the batch later.
    if (hasUnstorableText(data)) {
      errors.push({ index, message: "data contains a NUL character (U+0000) or a lone surrogate" });
      return;
    }
    const schema = Object.hasOwn(schemas, name) ? schemas[name] : undefined;
    if (!schema) {
      errors.push({
        index,
        message: name.startsWith("inngest/") ? `"${name}" is reserved for the engine` : `unknown event name "${name}"`,
      });
      return;
    }
    const checked = schema.safeParse(data);
    if (!checked.success) {
      errors.push({
        index,
        message: `data does not match ${name}: ${checked.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`,
      });
      return;
    }
    // Stored as sent (the schema checks it; it must not silently drop fields the sender added).
    events.push({ id: id ?? randomUUID(), name, data, ts: ts ?? Date.now() });
  });
  if (errors.length)
    return {
      ok: false,
      status: 400,
      error:
        `${errors.length} of ${list.length} events refused: ${errors.map((e) => `#${e.index} ${e.message}`).join(" | ")}`.slice(
          0,
          2000,
        ),
      errors,
    };
  return { ok: true, events };
}

/**
 * Stores events for the leader to route. The same id twice is stored once (the outbox resends a
 * batch after a crash between "sent" and "marked"); the sender gets the ids either way.
 */
export async function storeEvents({ client, events }: { client: EngineClient; events: EngineEvent[] }): Promise<void> {
  if (events.length === 0) return;
  await client.query(
    `INSERT INTO engine_events (id, name, data, ts)
     SELECT e.id, e.name, e.data, to_timestamp(e.ts / 1000.0)
     FROM jsonb_to_recordset($1::jsonb) AS e(id text, name text, data jsonb, ts bigint)
     ON CONFLICT (id) DO NOTHING`,
    [JSON.stringify(events)],
  );
  await client.query(`SELECT pg_notify($1, 'events')`, [ENGINE_CHANNEL]);
}

export async function ingestEvents({
  pool,
  body,
  schemas,
}: {
  pool: EnginePool;
  body: unknown;
  schemas?: EventSchemas;
}): Promise<IngestResult> {
  const checked = validateEventBatch(body, schemas);
  if (!checked.ok) return checked;
  await inTransaction(pool, (client) => storeEvents({ client, events: checked.events }));
  return { ok: true, ids: checked.events.map((event) => event.id) };
}
