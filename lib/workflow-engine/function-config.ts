import { Cron } from "croner";
import { z } from "zod";
import { ExpressionError, parseExpression, type Expression } from "./expression";

/**
 * A function configuration as the SDK reports it at sync (`getConfig` in
 * node_modules/inngest/components/InngestFunction.js), and the engine's judgement of it: what it
 * will run, or why it refuses to. Refusing is loud and happens at sync: a feature silently
 * ignored (a debounce that does not debounce) would be worse than a function that does not run.
 */
const triggerSchema = z.union([
  z.object({ event: z.string().min(1), expression: z.string().optional() }),
  z.object({ cron: z.string().min(1), jitter: z.string().optional() }),
]);

const functionConfigSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().optional(),
    triggers: z.array(triggerSchema).default([]),
    steps: z.record(
      z.string(),
      z.object({
        id: z.string(),
        runtime: z.object({ type: z.string(), url: z.string().url() }),
        retries: z.object({ attempts: z.number().int().min(0) }).optional(),
      }),
    ),
    cancel: z
      .array(z.object({ event: z.string().min(1), if: z.string().optional(), timeout: z.string().optional() }))
      .optional(),
    throttle: z
      .object({
        limit: z.number().int().min(1),
        period: z.string(),
        key: z.string().optional(),
        burst: z.number().int().optional(),
      })
      .optional(),
  })
  .passthrough();

/** Options Inngest has that this engine does not implement; present (non-null) → refused. */
const UNSUPPORTED_OPTIONS = [
  "batchEvents",
  "rateLimit",
  "concurrency",
  "debounce",
  "priority",
  "timeouts",
  "singleton",
  "idempotency",
] as const;

/** The SDK's default when a function sets no `retries` (defaultMaxRetries in inngest/helpers/consts). */
const DEFAULT_RETRIES = 3;

export type CompiledFunction = {
  id: string;
  name: string;
  url: string;
  maxAttempts: number;
  eventTriggers: { event: string; expression: Expression | null }[];
  crons: { cron: string; schedule: Cron }[];
  cancels: { event: string; expression: Expression }[];
  throttle: { limit: number; periodMs: number; key: Expression | null } | null;
};

export type Judgement =
  { ok: true; fn: CompiledFunction } | { ok: false; id: string; name: string; url: string; reason: string };

/** Inngest's duration strings ("1w2d3h4m5s", as the SDK's timeStr writes them) in ms. */
export function parseDuration(text: string): number | null {
  const match = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  if (!match || text.trim() === "") return null;
  const [, w, d, h, m, s] = match.map((part) => Number(part ?? 0));
  return ((((w * 7 + d) * 24 + h) * 60 + m) * 60 + s) * 1000;
}

/** `TZ=Asia/Shanghai 0 9 * * 1` → a croner schedule in that zone. */
export function parseCron(text: string): Cron {
  const match = /^(?:(?:TZ|CRON_TZ)=(\S+)\s+)?(.+)$/.exec(text.trim());
  if (!match) throw new Error(`invalid cron "${text}"`);
  return new Cron(match[2], { timezone: match[1], paused: true });
}

function compileExpression(source: string, where: string): Expression {
  try {
    return parseExpression(source);
  } catch (error) {
    throw new ExpressionError(`${where} expression "${source}": ${(error as Error).message}`);
  }
}

export function judgeFunction(raw: unknown): Judgement {
  const parsed = functionConfigSchema.safeParse(raw);
  const loose = (raw ?? {}) as { id?: unknown; name?: unknown };
  const id = typeof loose.id === "string" ? loose.id : "(no id)";
  if (!parsed.success)
    return {
      ok: false,
      id,
      name: id,
      url: "",
      reason: `unreadable configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    };
  const config = parsed.data;
  const name = config.name ?? config.id;
  const step = Object.values(config.steps)[0];
  const url = step?.runtime.url ?? "";
  const refuse = (reason: string): Judgement => ({ ok: false, id: config.id, name, url, reason });
  if (!step || Object.keys(config.steps).length !== 1 || step.runtime.type !== "http")
    return refuse("needs exactly one HTTP step entry (connect/WebSocket runtimes are not supported)");
  for (const option of UNSUPPORTED_OPTIONS) {
    if ((config as Record<string, unknown>)[option] != null)
      return refuse(`uses \`${option}\`, which the embedded engine does not support (use Inngest for it)`);
  }
  if (config.throttle?.burst != null && config.throttle.burst > 1)
    return refuse("uses throttle `burst`, which the embedded engine does not support");
  try {
    const eventTriggers: CompiledFunction["eventTriggers"] = [];
    const crons: CompiledFunction["crons"] = [];
    for (const trigger of config.triggers) {
      if ("cron" in trigger) {
        if (trigger.jitter) return refuse("uses cron `jitter`, which the embedded engine does not support");
        try {
          crons.push({ cron: trigger.cron, schedule: parseCron(trigger.cron) });
        } catch (error) {
          return refuse(`cron "${trigger.cron}" cannot be read: ${(error as Error).message}`);
        }
      } else {
        if (trigger.event.includes("*"))
          return refuse(`triggers on the wildcard "${trigger.event}", which the embedded engine does not support`);
        eventTriggers.push({
          event: trigger.event,
          expression: trigger.expression ? compileExpression(trigger.expression, "trigger") : null,
        });
      }
    }
    if (eventTriggers.length + crons.length === 0)
      return refuse("has no event or cron trigger the engine can start it from");
    const cancels = (config.cancel ?? []).map((cancel) => {
      if (cancel.timeout)
        throw new ExpressionError("uses cancelOn `timeout`, which the embedded engine does not support");
      // A cancel without a condition cancels on any event of that name (Inngest's behaviour).
      return { event: cancel.event, expression: compileExpression(cancel.if ?? "true == true", "cancelOn") };
    });
    let throttle: CompiledFunction["throttle"] = null;
    if (config.throttle) {
      const periodMs = parseDuration(config.throttle.period);
      if (!periodMs) return refuse(`throttle period "${config.throttle.period}" cannot be read`);
      throttle = {
        limit: config.throttle.limit,
        periodMs,
        key: config.throttle.key ? compileExpression(config.throttle.key, "throttle key") : null,
      };
      if (throttle.key && throttle.key.kind !== "path")
        return refuse(`throttle key "${config.throttle.key}" must be a path such as event.data.channelId`);
    }
    const retries = step.retries?.attempts ?? DEFAULT_RETRIES;
    return {
      ok: true,
      fn: { id: config.id, name, url, maxAttempts: retries + 1, eventTriggers, crons, cancels, throttle },
    };
  } catch (error) {
    if (error instanceof ExpressionError) return refuse(error.message);
    throw error;
  }
}
