import { describe, expect, it } from "vitest";
import { isPrivateAddress } from "./address-policy";
import { embeddedIPv4, ipv6Groups } from "./ip-address";

describe("address policy (SSRF)", () => {
  it("refuses every spelling of loopback, private, link-local and unspecified, IPv4 and IPv6", () => {
    const refused = [
      // IPv4 private, loopback, link-local (cloud metadata), CGNAT, "this network"
      "127.0.0.1",
      "127.255.255.254",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "0.1.2.3",
      // special-purpose, multicast, reserved, broadcast
      "192.0.0.8",
      "192.0.2.1",
      "198.18.0.1",
      "198.19.255.255",
      "198.51.100.7",
      "203.0.113.9",
      "192.88.99.1",
      "224.0.0.1",
      "239.255.255.250",
      "240.0.0.1",
      "255.255.255.255",
      // IPv6 loopback, unspecified, unique-local, link-local (with a zone too), site-local, multicast
      "::1",
      "::",
      "fd00::1",
      "fc00::1",
      "fe80::1",
      "fe80::1%eth0",
      "febf::1",
      "fec0::1",
      "ff02::1",
      "100::1",
      // IPv4-mapped, in the dotted form and in the hex form WHATWG URL turns it into
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "::FFFF:7F00:0001",
      "0:0:0:0:0:ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "::ffff:10.0.0.1",
      "::ffff:0.0.0.0",
      // IPv4-compatible and IPv4-translated (deprecated, never public)
      "::127.0.0.1",
      "::7f00:1",
      "::8.8.8.8",
      "::ffff:0:7f00:1",
      // NAT64 (well-known and local-use prefixes), 6to4 and Teredo carrying a private IPv4
      "64:ff9b::7f00:1",
      "64:ff9b::127.0.0.1",
      "64:ff9b::a9fe:a9fe",
      "64:ff9b:1::1",
      "2002:7f00:1::1",
      "2002:a9fe:a9fe::",
      "2001:0:4136:e378:8000:63bf:80ff:fffe",
      // documentation and benchmarking
      "2001:db8::1",
      "3fff::1",
      "2001:2::1",
      // not an address in canonical form: URL and DNS never produce these, so refuse them
      "2130706433",
      "0x7f.1",
      "0177.0.0.1",
      "127.1",
      "localhost",
      "",
      "[::1]",
    ];
    for (const address of refused) expect(isPrivateAddress(address), address).toBe(true);
  });

  it("allows public unicast addresses, and IPv6 forms that carry a public IPv4 address", () => {
    const allowed = [
      "8.8.8.8",
      "1.1.1.1",
      "172.32.0.1",
      "101.1.1.1",
      "100.128.0.1",
      "198.20.0.1",
      "223.255.255.255",
      "2606:4700::1111",
      "2001:4860:4860::8888",
      "::ffff:8.8.8.8",
      "::ffff:808:808",
      "64:ff9b::808:808",
      "2002:808:808::1",
    ];
    for (const address of allowed) expect(isPrivateAddress(address), address).toBe(false);
  });

  it("parses IPv6 fully and finds the IPv4 address it carries", () => {
    expect(ipv6Groups("::")).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups("1::")).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
    expect(ipv6Groups("::ffff:127.0.0.1")).toEqual([0, 0, 0, 0, 0, 0xffff, 0x7f00, 1]);
    expect(ipv6Groups("2606:4700::1111")).toEqual([0x2606, 0x4700, 0, 0, 0, 0, 0, 0x1111]);
    expect(ipv6Groups("127.0.0.1")).toBeNull();
    expect(embeddedIPv4(ipv6Groups("::ffff:7f00:1")!)).toEqual(["127.0.0.1"]);
    expect(embeddedIPv4(ipv6Groups("64:ff9b::c0a8:101")!)).toEqual(["192.168.1.1"]);
    expect(embeddedIPv4(ipv6Groups("2002:a00:1::")!)).toEqual(["10.0.0.1"]);
    // Teredo: server 65.54.227.120, client 192.0.2.45 stored bit-inverted (the textbook example)
    expect(embeddedIPv4(ipv6Groups("2001:0:4136:e378:8000:63bf:3fff:fdd2")!)).toEqual(["65.54.227.120", "192.0.2.45"]);
    expect(embeddedIPv4(ipv6Groups("2606:4700::1111")!)).toEqual([]);
  });
});
