import { z } from "zod";
import { canonicalJson, signBody, verifySignature } from "./engine-keys";
import type { EngineEvent } from "./ingest-events";

/**
 * One call to the app's serve() handler, exactly as Inngest makes it (see docs/SDK_SPEC.md in
 * inngest/inngest and node_modules/inngest/components/InngestCommHandler.js): a signed POST to
 * the function's URL with the triggering event, the memoised step state and the run context;
 * the answer is turned into an Outcome the engine acts on.
 */
export type StepState = { id: string; data?: unknown; error?: unknown };

export type Op = {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  data?: unknown;
  error?: unknown;
};

export type Outcome =
  | { kind: "completed"; output: unknown }
  | { kind: "ops"; ops: Op[]; retryAfterMs: number | null; noRetry: boolean | null }
  | { kind: "error"; error: SerializedError; retriable: boolean; retryAfterMs: number | null };

export type SerializedError = { name: string; message: string; stack?: string };

const opSchema = z
  .object({
    id: z.string().min(1),
    op: z.string().min(1),
    name: z.string().optional(),
    displayName: z.string().optional(),
    opts: z.record(z.string(), z.unknown()).optional().nullable(),
    data: z.unknown().optional(),
    error: z.unknown().optional(),
  })
  .passthrough();

function errorFrom(value: unknown, fallback: string): SerializedError {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const message = typeof v.message === "string" ? v.message : typeof v.error === "string" ? v.error : fallback;
    return {
      name: typeof v.name === "string" ? v.name : "Error",
      message: message.slice(0, 2000),
      ...(typeof v.stack === "string" ? { stack: v.stack.slice(0, 4000) } : {}),
    };
  }
  return { name: "Error", message: (typeof value === "string" && value ? value : fallback).slice(0, 2000) };
}

function retryAfter(header: string | null): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export async function callFunction({
  url,
  stepId,
  event,
  steps,
  stack,
  runId,
  attempt,
  maxAttempts,
  signingKey,
  timeoutMs,
}: {
  url: string;
  stepId: string | null;
  event: EngineEvent;
  steps: StepState[];
  stack: string[];
  runId: string;
  attempt: number;
  maxAttempts: number;
  signingKey: string;
  timeoutMs: number;
}): Promise<Outcome> {
  const target = new URL(url);
  target.searchParams.set("stepId", stepId ?? "step");
  // The SDK parses the body and verifies the signature over its RFC 8785 canonical form.
  const body = canonicalJson({
    event,
    events: [event],
    steps: Object.fromEntries(
      steps.map((s) => [
        s.id,
        s.error !== undefined ? { type: "error", error: s.error } : { type: "data", data: s.data ?? null },
      ]),
    ),
    ctx: {
      run_id: runId,
      attempt,
      max_attempts: maxAttempts,
      // Let the SDK run a lone next step in the same request (Inngest's default), and never ask
      // it to fetch state or checkpoint through an API this engine does not have.
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack, current: stack.length },
    },
    version: 2,
  });
  let response: Response;
  let text: string;
  try {
    response = await fetch(target, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        "x-inngest-signature": signBody({ body, signingKey }),
        "x-inngest-server-kind": "cloud",
        "x-run-id": runId,
      },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "error",
    });
    text = await response.text();
  } catch (error) {
    const reason =
      error instanceof Error && error.name === "TimeoutError"
        ? `no answer within ${timeoutMs} ms`
        : `request failed: ${(error as Error).message}`;
    return { kind: "error", error: { name: "EngineCallError", message: reason }, retriable: true, retryAfterMs: null };
  }
  // Only the SDK holding our signing key can have answered: anything else is not our app.
  // Signatures use the wall clock the SDK shares with us (never the engine's scheduling clock).
  if (!verifySignature({ body: text, header: response.headers.get("x-inngest-signature"), signingKey })) {
    return {
      kind: "error",
      error: {
        name: "EngineCallError",
        message: `HTTP ${response.status} without a valid response signature: ${text.slice(0, 300)}`,
      },
      retriable: true,
      retryAfterMs: null,
    };
  }
  let json: unknown;
  try {
    json = text === "" ? null : JSON.parse(text);
  } catch {
    return {
      kind: "error",
      error: {
        name: "EngineCallError",
        message: `HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`,
      },
      retriable: true,
      retryAfterMs: null,
    };
  }
  const noRetryHeader = response.headers.get("x-inngest-no-retry");
  const noRetry = noRetryHeader === null ? null : noRetryHeader === "true";
  const after = retryAfter(response.headers.get("retry-after"));
  if (response.status === 200) return { kind: "completed", output: json };
  if (response.status === 206) {
    const ops = z.array(opSchema).safeParse(json);
    if (!ops.success || ops.data.length === 0)
      return {
        kind: "error",
        error: { name: "EngineCallError", message: `HTTP 206 with unreadable operations: ${text.slice(0, 300)}` },
        retriable: true,
        retryAfterMs: null,
      };
    return {
      kind: "ops",
      ops: ops.data.map((op) => ({ ...op, opts: op.opts ?? undefined })) as Op[],
      retryAfterMs: after,
      noRetry,
    };
  }
  // 4xx from the SDK means "do not retry" unless it says otherwise; 5xx means retry unless it says no.
  const retriable = noRetry === null ? response.status >= 500 : !noRetry;
  return { kind: "error", error: errorFrom(json, `HTTP ${response.status}`), retriable, retryAfterMs: after };
}
