import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

/** True for loopback, private, link-local, CGNAT and unspecified addresses (IPv4 and IPv6). */
export function isPrivateAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split(".").map(Number) as [number, number];
    return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127);
  }
  const v6 = address.toLowerCase();
  return v6 === "::" || v6 === "::1" || v6.startsWith("fc") || v6.startsWith("fd") || v6.startsWith("fe8") || v6.startsWith("fe9") || v6.startsWith("fea") || v6.startsWith("feb");
}

export type UrlCheck = { ok: true } | { ok: false; reason: "not_http" | "private_address" | "unresolvable" };

/**
 * SSRF guard for configured outbound URLs (robots, SMS gateway, push, refunds): http(s) only, and
 * — unless private targets are allowed (development and tests, which use local servers) — no
 * host that resolves to a private or loopback address. Checked when a channel is saved and again
 * before every send, since DNS can change in between.
 */
export async function checkOutboundUrl(url: string, { allowPrivate }: { allowPrivate: boolean }): Promise<UrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: "not_http" };
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { ok: false, reason: "not_http" };
  if (allowPrivate) return { ok: true };
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  try {
    const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true });
    return addresses.some((a) => isPrivateAddress(a.address)) ? { ok: false, reason: "private_address" } : { ok: true };
  } catch {
    return { ok: false, reason: "unresolvable" };
  }
}

/** Private targets are allowed everywhere but production. */
export function privateTargetsAllowed(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.KESU_ALLOW_PRIVATE_TARGETS === "1";
}
