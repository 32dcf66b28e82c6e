import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPrivateAddress } from "./address-policy";

export type ResolvedAddress = { address: string; family: number };
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;
export type RefusalReason = "not_http" | "private_address" | "unresolvable";
export type CheckedTarget = { ok: true; url: URL; addresses: ResolvedAddress[] } | { ok: false; reason: RefusalReason };

/** The system resolver (getaddrinfo, so /etc/hosts counts), every address of every family. */
const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true });

/** DNS answers meaning "this name has no address", as opposed to "DNS did not answer". */
const NO_SUCH_NAME = new Set(["ENOTFOUND", "ENODATA"]);

/**
 * Parses an outbound URL and resolves its host once: http(s) only; unless private targets are
 * allowed, every resolved address must be public. The caller connects to these addresses and no
 * others, so DNS cannot answer differently between the check and the connection (rebinding).
 * A DNS failure other than "no such name" is thrown: it is a network error, worth a retry.
 */
export async function resolveOutboundTarget({
  url,
  allowPrivate,
  resolve = systemResolver,
  isPrivate = isPrivateAddress,
}: {
  url: string;
  allowPrivate: boolean;
  resolve?: Resolver;
  isPrivate?: (address: string) => boolean;
}): Promise<CheckedTarget> {
  const parsed = parseHttpUrl(url);
  if (!parsed) return { ok: false, reason: "not_http" };
  // WHATWG URL has already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1; IPv6 keeps its brackets.
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      if (NO_SUCH_NAME.has((error as NodeJS.ErrnoException).code ?? "")) return { ok: false, reason: "unresolvable" };
      throw error;
    }
  }
  if (addresses.length === 0) return { ok: false, reason: "unresolvable" };
  if (!allowPrivate && addresses.some((a) => isPrivate(a.address))) return { ok: false, reason: "private_address" };
  return { ok: true, url: parsed, addresses };
}

/** The URL when it is a valid http(s) URL — the only schemes ever allowed, private targets or not — else null. */
export function parseHttpUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed : null;
  } catch {
    return null;
  }
}
