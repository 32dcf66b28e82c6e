import { BlockList } from "node:net";
import { embeddedIPv4, ipv4Octets, ipv6Groups } from "./ip-address";

/**
 * IPv4 ranges that are not globally reachable, from the IANA IPv4 Special-Purpose Address
 * Registry, plus multicast and the reserved block (which holds the broadcast address).
 */
const NON_PUBLIC_IPV4: [string, number][] = [
  ["0.0.0.0", 8], // "this network" — 0.0.0.0 reaches the local host on Linux
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, where cloud metadata services live
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.0.2.0", 24], // documentation
  ["192.88.99.0", 24], // deprecated 6to4 relay anycast
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["198.51.100.0", 24], // documentation
  ["203.0.113.0", 24], // documentation
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, and 255.255.255.255 broadcast
];

/** Non-public ranges inside 2000::/3 (the only IPv6 block allocated for global unicast). */
const NON_PUBLIC_GLOBAL_IPV6: [string, number][] = [
  ["2001:2::", 48], // benchmarking
  ["2001:10::", 28], // ORCHID
  ["2001:20::", 28], // ORCHIDv2
  ["2001:db8::", 32], // documentation
  ["3fff::", 20], // documentation (RFC 9637)
];

function blockListOf(ranges: [string, number][], family: "ipv4" | "ipv6"): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return list;
}

const nonPublicIPv4 = blockListOf(NON_PUBLIC_IPV4, "ipv4");
const nonPublicGlobalIPv6 = blockListOf(NON_PUBLIC_GLOBAL_IPV6, "ipv6");

/**
 * True unless `address` is a public unicast IP address. IPv6 is parsed fully, so every spelling
 * counts (`::ffff:127.0.0.1` and `::ffff:7f00:1` alike); IPv6 forms that carry an IPv4 address
 * (mapped, NAT64, 6to4, Teredo) are judged by that IPv4 address; other IPv6 is public only inside
 * 2000::/3, which shuts out ::, ::1, IPv4-compatible ::/96, unique-local fc00::/7, link-local
 * fe80::/10, site-local and multicast ff00::/8 in one rule. Anything that is not an IP address in
 * canonical form (`2130706433`, `0x7f.1`) is refused: URL parsing and DNS only ever hand us
 * canonical forms, so anything else did not come from them.
 */
export function isPrivateAddress(address: string): boolean {
  if (ipv4Octets(address)) return nonPublicIPv4.check(address, "ipv4");
  const groups = ipv6Groups(address);
  if (!groups) return true;
  const carried = embeddedIPv4(groups);
  if (carried.length > 0) return carried.some((v4) => nonPublicIPv4.check(v4, "ipv4"));
  if ((groups[0]! & 0xe000) !== 0x2000) return true;
  return nonPublicGlobalIPv6.check(address.replace(/%.*$/, ""), "ipv6");
}

/**
 * Private targets are allowed everywhere but production: development and tests talk to local
 * servers. Production can opt in (a gateway on the private network) with KESU_ALLOW_PRIVATE_TARGETS=1.
 */
export function privateTargetsAllowed(): boolean {
  return process.env.NODE_ENV !== "production" || process.env.KESU_ALLOW_PRIVATE_TARGETS === "1";
}
