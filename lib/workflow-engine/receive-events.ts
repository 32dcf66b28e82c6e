import { eventKeyMatches } from "./engine-keys";
import type { EnginePool } from "./engine-db";
import { ingestEvents, MAX_REQUEST_BYTES, type EventSchemas } from "./ingest-events";

export type EventApiAnswer = {
  status: number;
  body: { ids?: string[]; status: number; error?: string; errors?: { index: number; message: string }[] };
};

/** Reads at most `limit` bytes of a body; null when it is longer (without reading the rest). */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * The engine's event API, shaped like Inngest's (`POST /e/{eventKey}` → `{ ids, status }`), so
 * the SDK's `inngest.send` and `step.sendEvent` talk to it unchanged. Wrong key → 401, too large
 * → 413, not JSON or not valid events → 400 naming each bad event; nothing is stored then.
 */
export async function receiveEvents({
  request,
  key,
  expectedKey,
  pool,
  schemas,
}: {
  request: Request;
  key: string;
  expectedKey: string;
  pool: EnginePool;
  schemas?: EventSchemas;
}): Promise<EventApiAnswer> {
  if (!eventKeyMatches(key, expectedKey)) return { status: 401, body: { status: 401, error: "Event key not found" } };
  const text = await readLimited(request, MAX_REQUEST_BYTES);
  if (text === null)
    return {
      status: 413,
      body: { status: 413, error: `request body larger than ${MAX_REQUEST_BYTES / 1024 / 1024} MiB` },
    };
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { status: 400, body: { status: 400, error: "body is not JSON" } };
  }
  const result = await ingestEvents({ pool, body, schemas });
  if (!result.ok)
    return { status: result.status, body: { status: result.status, error: result.error, errors: result.errors } };
  return { status: 200, body: { ids: result.ids, status: 200 } };
}
