import { describe, expect, it } from "vitest";
import { checkOutboundUrl, isPrivateAddress } from "./url-guard";

describe("outbound URL guard (SSRF)", () => {
  it("knows private, loopback and link-local addresses", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ])
      expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["8.8.8.8", "172.32.0.1", "101.1.1.1", "2001:4860:4860::8888"])
      expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses non-http(s) URLs always, and private targets where they are not allowed", async () => {
    expect(await checkOutboundUrl("file:///etc/passwd", { allowPrivate: true })).toEqual({
      ok: false,
      reason: "not_http",
    });
    expect(await checkOutboundUrl("gopher://x", { allowPrivate: true })).toEqual({ ok: false, reason: "not_http" });
    expect(await checkOutboundUrl("not a url", { allowPrivate: true })).toEqual({ ok: false, reason: "not_http" });
    expect(await checkOutboundUrl("http://127.0.0.1:9/robot", { allowPrivate: true })).toEqual({ ok: true });
    expect(await checkOutboundUrl("http://127.0.0.1:9/robot", { allowPrivate: false })).toEqual({
      ok: false,
      reason: "private_address",
    });
    expect(await checkOutboundUrl("http://[::1]/x", { allowPrivate: false })).toEqual({
      ok: false,
      reason: "private_address",
    });
    expect(await checkOutboundUrl("http://localhost/x", { allowPrivate: false })).toEqual({
      ok: false,
      reason: "private_address",
    });
    expect(await checkOutboundUrl("https://169.254.169.254/latest/meta-data", { allowPrivate: false })).toEqual({
      ok: false,
      reason: "private_address",
    });
    expect(await checkOutboundUrl("https://8.8.8.8/x", { allowPrivate: false })).toEqual({ ok: true });
  });

  it("refuses the spellings that used to slip through (IPv4-mapped hex, compatible, NAT64, 6to4, numeric hosts, multicast)", async () => {
    const bypasses = [
      "http://[::ffff:127.0.0.1]/x", // WHATWG URL turns it into [::ffff:7f00:1]
      "http://[::ffff:7f00:1]/x",
      "http://[::ffff:a9fe:a9fe]/latest/meta-data",
      "http://[::127.0.0.1]/x",
      "http://[::]/x",
      "http://[fe80::1]/x",
      "http://[64:ff9b::7f00:1]/x",
      "http://[2002:7f00:1::1]/x",
      "http://0.0.0.0/x",
      "http://0/x",
      "http://2130706433/x",
      "http://0x7f.1/x",
      "http://0177.0.0.1/x",
      "http://224.0.0.1/x",
      "http://255.255.255.255/x",
      "http://198.18.0.1/x",
      "http://192.0.0.1/x",
    ];
    for (const url of bypasses)
      expect(await checkOutboundUrl(url, { allowPrivate: false }), url).toEqual({
        ok: false,
        reason: "private_address",
      });
    expect(await checkOutboundUrl("https://[2606:4700::1111]/x", { allowPrivate: false })).toEqual({ ok: true });
    expect(await checkOutboundUrl("https://1.1.1.1/x", { allowPrivate: false })).toEqual({ ok: true });
  });

  it("allows only http(s) even where private targets are allowed", async () => {
    expect(await checkOutboundUrl("ftp://127.0.0.1/x", { allowPrivate: true })).toEqual({
      ok: false,
      reason: "not_http",
    });
    expect(await checkOutboundUrl("http://[::ffff:127.0.0.1]:9/x", { allowPrivate: true })).toEqual({ ok: true });
  });
});
