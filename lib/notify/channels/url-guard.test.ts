import { describe, expect, it } from "vitest";
import { checkOutboundUrl, isPrivateAddress } from "./url-guard";

describe("outbound URL guard (SSRF)", () => {
  it("knows private, loopback and link-local addresses", () => {
    for (const a of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1"]) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ["8.8.8.8", "172.32.0.1", "101.1.1.1", "2001:4860:4860::8888"]) expect(isPrivateAddress(a), a).toBe(false);
  });

  it("refuses non-http(s) URLs always, and private targets where they are not allowed", async () => {
    expect(await checkOutboundUrl("file:///etc/passwd", { allowPrivate: true })).toEqual({ ok: false, reason: "not_http" });
    expect(await checkOutboundUrl("gopher://x", { allowPrivate: true })).toEqual({ ok: false, reason: "not_http" });
    expect(await checkOutboundUrl("not a url", { allowPrivate: true })).toEqual({ ok: false, reason: "not_http" });
    expect(await checkOutboundUrl("http://127.0.0.1:9/robot", { allowPrivate: true })).toEqual({ ok: true });
    expect(await checkOutboundUrl("http://127.0.0.1:9/robot", { allowPrivate: false })).toEqual({ ok: false, reason: "private_address" });
    expect(await checkOutboundUrl("http://[::1]/x", { allowPrivate: false })).toEqual({ ok: false, reason: "private_address" });
    expect(await checkOutboundUrl("http://localhost/x", { allowPrivate: false })).toEqual({ ok: false, reason: "private_address" });
    expect(await checkOutboundUrl("https://169.254.169.254/latest/meta-data", { allowPrivate: false })).toEqual({ ok: false, reason: "private_address" });
    expect(await checkOutboundUrl("https://8.8.8.8/x", { allowPrivate: false })).toEqual({ ok: true });
  });
});
