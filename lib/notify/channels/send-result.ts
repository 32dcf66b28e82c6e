import { privateTargetsAllowed } from "../../outbound/address-policy";
import { outboundRequest } from "../../outbound/outbound-request";

/** What every channel adapter answers: sent, or an error with whether retrying can help. */
export type SendResult = { ok: true } | { ok: false; error: string; retryable: boolean };

export type OutgoingMessage = {
  title: string;
  markdown: string;
  text: string;
  recipient?: string | null;
  mentions?: string[];
};

const SEND_TIMEOUT_MS = 10_000;

/**
 * POSTs JSON through the guarded outbound client, with a timeout (a hanging endpoint never hangs
 * a function); network errors, timeouts, 429 and 5xx are retryable; a refused URL, a redirect,
 * an oversized answer and other 4xx are not.
 */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = SEND_TIMEOUT_MS,
): Promise<{ ok: true; json: unknown } | { ok: false; error: string; retryable: boolean }> {
  const answer = await outboundRequest({
    url,
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    timeoutMs,
    allowPrivate: privateTargetsAllowed(),
  });
  if (!answer.ok) return answer;
  if (answer.status < 200 || answer.status > 299)
    return { ok: false, error: `HTTP ${answer.status}`, retryable: answer.status === 429 || answer.status >= 500 };
  return { ok: true, json: parseJsonOrNull(answer.text) };
}

/** Robots answer JSON; an empty or non-JSON body is no answer, not an error. */
function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
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
