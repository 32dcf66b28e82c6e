import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { NextRequest, type NextFetchEvent } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";

/** proxy.ts itself, called the way Next calls it (its matcher and the browser are the e2e's part). */
async function loadProxy(env: Record<string, string | undefined> = {}) {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  return (await import("../../proxy")).default;
}

async function visit(
  path: string,
  { headers = {}, env }: { headers?: Record<string, string>; env?: Record<string, string | undefined> } = {},
) {
  const proxy = await loadProxy(env);
  const request = new NextRequest(`http://localhost:3100${path}`, { headers });
  // Neither the proxy nor next-auth's guard uses the event.
  return proxy(request, { waitUntil() {} } as unknown as NextFetchEvent);
}

// Next's own compiler of proxy matchers: the one `next build` uses (internal, so not in its types).
const { getMiddlewareMatchers } = pageStaticInfo as unknown as {
  getMiddlewareMatchers(matcher: unknown, config: { basePath: string; i18n: null }): { regexp: string }[];
};

const nonceOf = (csp: string | null) => csp?.match(/'nonce-([^']+)'/)?.[1];

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("proxy: page security headers", () => {
  it("passes the page on with a fresh nonce in the CSP it hands to Next and the one it answers with", async () => {
    const first = await visit("/h5");
    expect(first.headers.get("x-middleware-next")).toBe("1");
    const csp = first.headers.get("content-security-policy");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(csp).toContain("frame-ancestors 'none'");
    // Next renders with the request's CSP header: same policy, same nonce.
    expect(first.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("strict-transport-security")).toBeNull();

    const second = await visit("/h5");
    expect(nonceOf(second.headers.get("content-security-policy"))).not.toBe(nonceOf(csp));
  });

  it("ignores a CSP header the client sent (it could otherwise choose the nonce)", async () => {
    const response = await visit("/h5", {
      headers: { "content-security-policy": "script-src 'nonce-chosenbyattacker'" },
    });
    expect(response.headers.get("x-middleware-request-content-security-policy")).not.toContain("chosenbyattacker");
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(
      response.headers.get("content-security-policy"),
    );
  });

  it("adds HSTS and upgrade-insecure-requests only when the TLS proxy in front says https", async () => {
    const response = await visit("/h5", { headers: { "x-forwarded-proto": "https" } });
    expect(response.headers.get("strict-transport-security")).toBe("max-age=63072000; includeSubDomains");
    expect(response.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");
  });

  it("still sends visitors without a staff session to sign-in, with the headers on the redirect", async () => {
    const response = await visit("/admin/complaints?status=new", { headers: { "x-forwarded-proto": "https" } });
    expect(response.status).toBe(307);
    expect(new URL(response.headers.get("location")!).pathname).toBe("/admin/sign-in");
    expect(response.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(response.headers.get("strict-transport-security")).not.toBeNull();

    const signIn = await visit("/admin/sign-in");
    expect(signIn.headers.get("x-middleware-next")).toBe("1");
    expect(signIn.headers.get("content-security-policy")).toContain("'strict-dynamic'");
  });

  it("lets the configured shop origins frame pages (and drops X-Frame-Options); a bad setting fails closed", async () => {
    const allowed = await visit("/h5", { env: { KESU_FRAME_ANCESTORS: "https://shop.example.com https://*.shop.cn" } });
    expect(allowed.headers.get("content-security-policy")).toContain(
      "frame-ancestors https://shop.example.com https://*.shop.cn",
    );
    expect(allowed.headers.get("x-frame-options")).toBeNull();

    const bad = await visit("/h5", { env: { KESU_FRAME_ANCESTORS: "https://shop.example.com; script-src *" } });
    expect(bad.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(bad.headers.get("x-frame-options")).toBe("DENY");
  });

  it("never lets anyone frame a staff page or the site's root, whatever the setting says", async () => {
    const env = { KESU_FRAME_ANCESTORS: "https://shop.example.com" };
    expect((await visit("/h5/orders/A1/new", { env })).headers.get("content-security-policy")).toContain(
      "frame-ancestors https://shop.example.com",
    );
    for (const path of ["/admin", "/admin/sign-in", "/admin/settings/team", "/", "/h5x", "/l/token"]) {
      const response = await visit(path, { env });
      expect(response.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get("x-frame-options"), path).toBe("DENY");
    }
  });
});

describe("proxy: which requests it sees", () => {
  it("every page, redirect and page POST; not /api, the H5 photo upload, the widget's loader, or Next's files", async () => {
    const { config } = await import("../../proxy");
    const matchers = getMiddlewareMatchers(config.matcher, { basePath: "", i18n: null }).map(
      (m) => new RegExp(m.regexp),
    );
    const seen = (path: string) => matchers.some((regexp) => regexp.test(path));
    for (const path of [
      "/",
      "/h5",
      "/h5/orders/A1/new",
      "/h5/enter",
      "/h5/uploads-list",
      "/l/token",
      "/admin",
      "/admin/sign-in",
      "/admin/complaints/export",
      "/h5/complaints.rsc",
      "/apiary",
      "/widget.jsx",
    ])
      expect(seen(path), path).toBe(true);
    for (const path of [
      "/api/health",
      "/api/files/x",
      "/api/auth/session",
      "/h5/uploads",
      "/_next/static/chunks/a.js",
      "/_next/image",
      "/favicon.ico",
      "/widget.js",
    ])
      expect(seen(path), path).toBe(false);
  });
});
