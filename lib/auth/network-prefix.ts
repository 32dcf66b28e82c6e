import { isIPv4, isIPv6 } from "node:net";

/**
 * The network an address belongs to — IPv4 /24, IPv6 /48 — which is what staff need to tell a
 * session opened on another network (a forwarded link) from the customer's own, without keeping
 * the customer's full address. Anything else (no proxy header, "unknown") → null.
 */
export function networkPrefix(address: string | null | undefined): string | null {
  if (!address) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  if (isIPv4(ip)) return `${ip.split(".").slice(0, 3).join(".")}.0/24`;
  if (!isIPv6(ip)) return null;
  const [head = "", tail = ""] = ip.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, "").toLowerCase())
    .join(":")}::/48`;
}
