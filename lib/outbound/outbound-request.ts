import { networkFailure, pinnedExchange, type OutboundAnswer, type OutboundFailure } from "./pinned-exchange";
import { resolveOutboundTarget, type CheckedTarget, type Resolver } from "./resolve-target";

export type { OutboundAnswer, OutboundFailure } from "./pinned-exchange";

const OUTBOUND_TIMEOUT_MS = 10_000;
/** Robots, SMS gateways and the shop answer with a few hundred bytes of JSON; 1 MiB is generous. */
const OUTBOUND_MAX_BYTES = 1024 * 1024;

const TIMED_OUT: OutboundFailure = { ok: false, error: "TimeoutError", retryable: true };

/**
 * The one HTTP client for every call to a configured URL (webhooks, robots, SMS, push, the shop's
 * refunds), so the SSRF guard cannot be skipped or checked apart from the connection: the host is
 * resolved once, every address checked (unless private targets are allowed), and the connection
 * made to exactly those addresses; no redirects, a size limit and one time limit for DNS plus the
 * exchange. `ok: true` means an answer arrived — any status but 3xx; the caller judges the status.
 * Failures: `refused URL (reason)` and `redirect refused` and `response too large` are final;
 * `TimeoutError` and `network error (CODE)` are worth a retry.
 */
export async function outboundRequest({
  url,
  method = "POST",
  headers = {},
  body,
  timeoutMs = OUTBOUND_TIMEOUT_MS,
  maxBytes = OUTBOUND_MAX_BYTES,
  allowPrivate,
  resolve,
  isPrivate,
}: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
  maxBytes?: number;
  allowPrivate: boolean;
  /** Tests simulate DNS answers here; the default is the system resolver. */
  resolve?: Resolver;
  /** Tests treat a local address as public here; the default is the address policy. */
  isPrivate?: (address: string) => boolean;
}): Promise<OutboundAnswer | OutboundFailure> {
  const deadline = Date.now() + timeoutMs;
  let target: CheckedTarget | "timed out";
  try {
    target = await beforeDeadline(resolveOutboundTarget({ url, allowPrivate, resolve, isPrivate }), timeoutMs);
  } catch (error) {
    return networkFailure(error);
  }
  if (target === "timed out") return TIMED_OUT;
  if (!target.ok) return { ok: false, error: `refused URL (${target.reason})`, retryable: false };
  return pinnedExchange({
    url: target.url,
    addresses: target.addresses,
    method,
    headers,
    body,
    timeoutMs: deadline - Date.now(),
    maxBytes,
  });
}

/** The promise's value, or "timed out" when it takes longer than `ms` (a DNS server that never answers). */
function beforeDeadline<T>(promise: Promise<T>, ms: number): Promise<T | "timed out"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timed out">((resolve) => (timer = setTimeout(() => resolve("timed out"), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
