import { isPrivateAddress, privateTargetsAllowed } from "../../outbound/address-policy";
import { parseHttpUrl, resolveOutboundTarget, type RefusalReason } from "../../outbound/resolve-target";

// The policy lives in lib/outbound, shared with the one client that makes every outbound call.
export { isPrivateAddress, privateTargetsAllowed };

export type UrlCheck = { ok: true } | { ok: false; reason: RefusalReason };

/**
 * SSRF guard for a configured outbound URL when it is saved (robots, SMS gateway, push): http(s)
 * only, and — unless private targets are allowed (development and tests use local servers) — no
 * host that resolves to a private or loopback address. Sending checks again in `outboundRequest`,
 * which connects only to the addresses it checked, since DNS can change in between.
 */
export async function checkOutboundUrl(url: string, { allowPrivate }: { allowPrivate: boolean }): Promise<UrlCheck> {
  if (!parseHttpUrl(url)) return { ok: false, reason: "not_http" };
  // With private targets allowed any address will do, so the name need not resolve yet.
  if (allowPrivate) return { ok: true };
  try {
    const target = await resolveOutboundTarget({ url, allowPrivate });
    return target.ok ? { ok: true } : { ok: false, reason: target.reason };
  } catch {
    return { ok: false, reason: "unresolvable" };
  }
}
