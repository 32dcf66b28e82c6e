import { getEnv } from "../env";

type HeaderSource = { get(name: string): string | null } | Record<string, unknown> | undefined;

function header(headers: HeaderSource, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as { get?: unknown }).get === "function")
    return (headers as { get(name: string): string | null }).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === "string" ? value : null;
}

/**
 * The caller's address for per-address limits and the audit log: the X-Forwarded-For entry
 * `KESU_TRUSTED_PROXY_HOPS` from the right (default 1). Next sets the header to the socket's
 * address when a request arrives without one, and a reverse proxy appends the address it saw, so
 * the rightmost entry is the one nobody but the last hop wrote. Entries further left are the
 * client's own claims. Without a reverse proxy a client can still send the header itself: deploy
 * behind one (per-customer and per-account limits do not depend on the address).
 */
export function clientAddress(headers: HeaderSource, hops = getEnv().KESU_TRUSTED_PROXY_HOPS): string {
  const entries = (header(headers, "x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const index = entries.length - Math.max(1, Math.trunc(hops) || 1);
  return entries[Math.max(0, index)] ?? "unknown";
}
