import { checkOutboundUrl, privateTargetsAllowed } from "./url-guard";

/** What every channel adapter answers: sent, or an error with whether retrying can help. */
export type SendResult = { ok: true } | { ok: false; error: string; retryable: boolean };

export type OutgoingMessage = { title: string; markdown: string; text: string; recipient?: string | null; mentions?: string[] };

export const SEND_TIMEOUT_MS = 10_000;

/**
 * POSTs JSON after the SSRF guard, with a timeout (a hanging endpoint never hangs a function);
 * network errors, timeouts, 429 and 5xx are retryable, a refused URL is not.
 */
export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}, timeoutMs = SEND_TIMEOUT_MS): Promise<{ ok: true; json: unknown } | { ok: false; error: string; retryable: boolean }> {
  const check = await checkOutboundUrl(url, { allowPrivate: privateTargetsAllowed() });
  if (!check.ok) return { ok: false, error: `refused URL (${check.reason})`, retryable: false };
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) return { ok: false, error: `HTTP ${response.status}`, retryable: response.status === 429 || response.status >= 500 };
    return { ok: true, json: await response.json().catch(() => null) };
  } catch (error) {
    return { ok: false, error: networkError(error), retryable: true };
  }
}

/** A failed request's reason for admins: the timeout, or the network cause fetch hides behind "TypeError". */
function networkError(error: unknown): string {
  if (!(error instanceof Error)) return "network error";
  if (error.name === "TimeoutError") return "TimeoutError";
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return `network error (${cause?.code ?? cause?.message ?? error.message})`;
}

/** Cuts text to at most `maxBytes` of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  const ellipsis = "…";
  let out = "";
  let bytes = Buffer.byteLength(ellipsis, "utf8");
  for (const char of text) {
    const size = Buffer.byteLength(char, "utf8");
    if (bytes + size > maxBytes) break;
    out += char;
    bytes += size;
  }
  return out + ellipsis;
}
