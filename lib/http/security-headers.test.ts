import { describe, expect, it } from "vitest";
import {
  contentSecurityPolicy,
  createNonce,
  isHttps,
  pageSecurityHeaders,
  parseFrameAncestors,
  STATIC_SECURITY_HEADERS,
} from "./security-headers";

const directives = (policy: string) =>
  new Map(policy.split("; ").map((d) => [d.split(" ")[0]!, d.split(" ").slice(1).join(" ")]));
const base = { nonce: "bm9uY2U=", frameAncestors: [] as string[], https: false, dev: false };

describe("page Content-Security-Policy", () => {
  it("in production runs only nonced scripts (and what they load); no unsafe-inline or unsafe-eval for scripts", () => {
    const policy = directives(contentSecurityPolicy(base));
    expect(policy.get("script-src")).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
    expect(policy.get("style-src")).toBe("'self' 'nonce-bm9uY2U='");
    expect(policy.get("style-src-attr")).toBe("'unsafe-inline'");
    expect(policy.get("default-src")).toBe("'self'");
    expect(policy.get("img-src")).toBe("'self' data: blob:");
    expect(policy.get("media-src")).toBe("'self' blob:");
    expect(policy.get("connect-src")).toBe("'self'");
    expect(policy.get("object-src")).toBe("'none'");
    expect(policy.get("base-uri")).toBe("'self'");
    expect(policy.get("form-action")).toBe("'self'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("in next dev allows eval for scripts and inline styles (React's dev overlay), still nonced scripts", () => {
    const policy = directives(contentSecurityPolicy({ ...base, dev: true }));
    expect(policy.get("script-src")).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic' 'unsafe-eval'");
    expect(policy.get("style-src")).toBe("'self' 'unsafe-inline'");
  });

  it("names the allowed shop origins in frame-ancestors, and upgrades requests over https", () => {
    const policy = directives(
      contentSecurityPolicy({
        ...base,
        frameAncestors: ["https://shop.example.com", "https://*.shop.cn"],
        https: true,
      }),
    );
    expect(policy.get("frame-ancestors")).toBe("https://shop.example.com https://*.shop.cn");
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
  });
});

describe("page headers", () => {
  it("over http: CSP and X-Frame-Options DENY, no HSTS", () => {
    const headers = pageSecurityHeaders(base);
    expect(headers["X-Frame-Options"]).toBe("DENY");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
    expect(headers["Content-Security-Policy"]).toContain("'nonce-bm9uY2U='");
  });

  it("over https: HSTS for two years with subdomains; with shop origins no X-Frame-Options (it cannot allow them)", () => {
    const headers = pageSecurityHeaders({ ...base, https: true, frameAncestors: ["https://shop.example.com"] });
    expect(headers["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(headers["X-Frame-Options"]).toBeUndefined();
  });

  it("static headers: nosniff, a referrer policy, and no powerful features", () => {
    expect(STATIC_SECURITY_HEADERS["X-Content-Type-Options"]).toBe("nosniff");
    expect(STATIC_SECURITY_HEADERS["Referrer-Policy"]).toBe("same-origin");
    expect(STATIC_SECURITY_HEADERS["Permissions-Policy"]).toMatch(/(^|, )camera=\(\)(, |$)/);
    expect(STATIC_SECURITY_HEADERS["Permissions-Policy"]).toMatch(/(^|, )geolocation=\(\)(, |$)/);
  });
});

describe("nonce", () => {
  it("is fresh each time and in the form Next extracts from the header", () => {
    const nonces = new Set(Array.from({ length: 100 }, createNonce));
    expect(nonces.size).toBe(100);
    // Next's own pattern (next/dist/server/app-render/get-script-nonce-from-header).
    for (const nonce of nonces) expect(`'nonce-${nonce}'`).toMatch(/^'nonce-([A-Za-z0-9+/_-]+={0,2})'$/);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });
});

describe("KESU_FRAME_ANCESTORS", () => {
  it("unset, empty or 'none' allows no one", () => {
    expect(parseFrameAncestors(undefined)).toEqual([]);
    expect(parseFrameAncestors("  ")).toEqual([]);
    expect(parseFrameAncestors("'none'")).toEqual([]);
  });

  it("takes space-separated https origins (subdomain wildcard, port), and http only on this machine", () => {
    expect(
      parseFrameAncestors(
        " https://Shop.Example.com  https://*.shop.cn:8443 http://localhost:3000 https://shop.example.com/ ",
      ),
    ).toEqual(["https://shop.example.com", "https://*.shop.cn:8443", "http://localhost:3000"]);
  });

  it("refuses anything that is not an origin, so nothing can be smuggled into the header", () => {
    for (const bad of [
      "http://shop.example.com",
      "https://shop.example.com/widget",
      "'self'",
      "*",
      "https://a.com; script-src *",
      "https://a.com,https://b.com",
      "shop.example.com",
      "https://*",
      "'none' https://a.com",
    ]) {
      expect(parseFrameAncestors(bad), bad).toBeNull();
    }
  });
});

describe("https detection", () => {
  it("trusts the URL, or the first hop of X-Forwarded-Proto", () => {
    expect(isHttps({ url: "https://kesu.example/h5", forwardedProto: null })).toBe(true);
    expect(isHttps({ url: "http://localhost:3000/h5", forwardedProto: null })).toBe(false);
    expect(isHttps({ url: "http://localhost:3000/h5", forwardedProto: "https" })).toBe(true);
    expect(isHttps({ url: "http://localhost:3000/h5", forwardedProto: "HTTPS, http" })).toBe(true);
    expect(isHttps({ url: "http://localhost:3000/h5", forwardedProto: "http, https" })).toBe(false);
  });
});
