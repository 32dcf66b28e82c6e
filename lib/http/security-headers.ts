/**
 * The security headers of every response (issue 12, point 10), built by pure functions so the
 * proxy stays a few lines and the policy is unit-tested. No imports: next.config.ts and the
 * proxy both load this file.
 *
 * Pages get a Content-Security-Policy with a fresh nonce per request (set by proxy.ts; Next
 * reads the nonce from the request's CSP header and puts it on its own <script> tags). API
 * routes never render HTML and get a static "nothing may load" policy from next.config.ts.
 */

/** Two years, subdomains included; not `preload` (that is a one-way decision for the domain). */
export const HSTS = "max-age=63072000; includeSubDomains";

/**
 * Powerful features nobody here uses. The H5 photo field is `<input type="file">`: the phone's
 * camera opens as a file picker, outside the page, so `camera=()` does not stop it.
 */
const PERMISSIONS_POLICY = [
  "camera=()",
  "microphone=()",
  "geolocation=()",
  "payment=()",
  "usb=()",
  "serial=()",
  "hid=()",
  "midi=()",
  "accelerometer=()",
  "gyroscope=()",
  "magnetometer=()",
  "display-capture=()",
  "browsing-topics=()",
].join(", ");

/** Headers whose value never depends on the request: next.config.ts sends them on every path. */
export const STATIC_SECURITY_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  // Stricter than strict-origin-when-cross-origin: H5 links carry signed tokens in their URLs,
  // and no other site needs to learn even our origin from a click.
  "Referrer-Policy": "same-origin",
  "Permissions-Policy": PERMISSIONS_POLICY,
} as const;

/** API responses (JSON, photos, next-auth) are never documents to run or frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** 128 random bits, base64 — the form Next's nonce parser accepts. */
export function createNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

// An origin a shop may embed the H5 widget from: https, or http on this machine only (local
// development); a leading "*." allows the shop's subdomains. No paths, quotes or ";" — the value
// goes into a header. A trailing "/" is forgiven.
const ORIGIN =
  /^(?:https:\/\/(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*|http:\/\/(?:localhost|127\.0\.0\.1|\[::1\]))(?::\d{1,5})?\/?$/i;

/**
 * KESU_FRAME_ANCESTORS: space-separated shop origins allowed to frame our pages. Empty or unset
 * → [] (no one). Returns null when any entry is not an origin, so configuration can refuse it.
 */
export function parseFrameAncestors(value: string | undefined): string[] | null {
  const entries = (value ?? "").split(/\s+/).filter(Boolean);
  if (entries.length === 1 && entries[0] === "'none'") return [];
  if (!entries.every((entry) => ORIGIN.test(entry))) return null;
  return [...new Set(entries.map((entry) => entry.replace(/\/$/, "").toLowerCase()))];
}

/**
 * Whether the visitor's connection is https: the URL Next saw, or the first hop of
 * X-Forwarded-Proto set by the TLS-terminating proxy in front of `next start`. A client that
 * forges the header on plain http only gains headers browsers ignore over http.
 */
export function isHttps({ url, forwardedProto }: { url: string | URL; forwardedProto: string | null }): boolean {
  if (new URL(url).protocol === "https:") return true;
  return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
}

export type PagePolicyInput = {
  nonce: string;
  /** Allowed framing origins; [] = none. */
  frameAncestors: readonly string[];
  https: boolean;
  /** `next dev`: React's dev build uses eval for its error overlay and injects unnonced styles. */
  dev: boolean;
};

/**
 * The page policy. Scripts: only those carrying this response's nonce, and what they load
 * ('strict-dynamic' — Next's chunk loader); 'self' is the fallback of CSP2-only browsers.
 * Style elements need the nonce too, but style *attributes* are allowed: server-rendered
 * `style="…"` (chart sizes, keyword-cloud font sizes) cannot carry a nonce. Browsers without
 * `style-src-attr` (Safari < 15.4, Chrome < 75, Firefox < 108) drop those attributes — layout
 * detail only, no script ever depends on it.
 */
export function contentSecurityPolicy({ nonce, frameAncestors, https, dev }: PagePolicyInput): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    // blob: is the H5 form's photo and video preview (URL.createObjectURL); the files themselves are served by /api/files.
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.length ? frameAncestors.join(" ") : "'none'"}`,
    // Only over https: on http://localhost it would send the page's own requests to https.
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/** The per-request headers proxy.ts adds to every page (and to the redirects it answers). */
export function pageSecurityHeaders(input: PagePolicyInput): Record<string, string> {
  return {
    "Content-Security-Policy": contentSecurityPolicy(input),
    // Browsers that predate frame-ancestors; with shop origins allowed there is nothing to say
    // (ALLOW-FROM is gone) and frame-ancestors rules alone.
    ...(input.frameAncestors.length ? {} : { "X-Frame-Options": "DENY" }),
    ...(input.https ? { "Strict-Transport-Security": HSTS } : {}),
  };
}
