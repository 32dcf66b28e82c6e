import { isIP } from "node:net";

/** An IPv4 address in dotted-quad form as its four octets, or null when the text is not one. */
export function ipv4Octets(text: string): [number, number, number, number] | null {
  if (isIP(text) !== 4) return null;
  return text.split(".").map(Number) as [number, number, number, number];
}

/**
 * An IPv6 address as its eight 16-bit groups, or null when the text is not one. Handles `::`
 * anywhere, a trailing dotted IPv4 part (`::ffff:127.0.0.1`) and drops a zone (`fe80::1%eth0`),
 * so every spelling of one address gives the same groups.
 */
export function ipv6Groups(text: string): number[] | null {
  const address = text.replace(/%.*$/, "");
  if (isIP(address) !== 6) return null;
  const hexOnly = address.replace(
    /(\d+)\.(\d+)\.(\d+)\.(\d+)$/,
    (_, a, b, c, d) => `${((+a << 8) | +b).toString(16)}:${((+c << 8) | +d).toString(16)}`,
  );
  // isIP has already checked the syntax: at most one "::", at most eight groups.
  const [head = "", tail] = hexOnly.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").map((group) => parseInt(group, 16)));
  if (tail === undefined) return groups(head);
  const front = groups(head);
  const back = groups(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}

/** Two 16-bit groups as a dotted-quad IPv4 address. */
function groupsToIPv4(high: number, low: number): string {
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

/**
 * The IPv4 addresses an IPv6 address carries and that the network may deliver to: IPv4-mapped
 * (`::ffff:a.b.c.d`, which a dual-stack socket connects to as plain IPv4), NAT64 (`64:ff9b::/96`,
 * RFC 6052), 6to4 (`2002:AABB:CCDD::/48`, RFC 3056) and Teredo (`2001:0::/32`, RFC 4380: the
 * server in groups 2–3, the client bit-inverted in groups 6–7). Empty for any other address.
 */
export function embeddedIPv4(groups: number[]): string[] {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return [groupsToIPv4(g6, g7)];
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return [groupsToIPv4(g6, g7)];
  if (g0 === 0x2002) return [groupsToIPv4(g1, g2)];
  if (g0 === 0x2001 && g1 === 0) return [groupsToIPv4(g2, g3), groupsToIPv4(g6 ^ 0xffff, g7 ^ 0xffff)];
  return [];
}
