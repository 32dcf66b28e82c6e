import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { createNonce, isHttps, pageSecurityHeaders, parseFrameAncestors } from "@/lib/http/security-headers";

/**
 * Next 16's request guard (formerly middleware.ts), in the Node.js runtime. Two jobs only:
 * - sends visitors without a staff session to the sign-in page; every page, action and route
 *   handler still checks the role itself;
 * - gives every page its security headers, with a fresh CSP nonce. Next reads the nonce from the
 *   request's Content-Security-Policy header and puts it on its own scripts, which is why every
 *   page renders per request (they all did already: the root layout reads the locale).
 */
const staffGuard = withAuth({ pages: { signIn: "/admin/sign-in" } });

function needsStaffSession(pathname: string) {
  return pathname === "/admin" || (pathname.startsWith("/admin/") && !pathname.startsWith("/admin/sign-in"));
}

// The proxy is bundled apart from the app and reads the variable itself; start-up validates it
// (lib/config/env-schema.ts) and refuses a bad value. Should one get here anyway, it fails closed.
const frameAncestors = parseFrameAncestors(process.env.KESU_FRAME_ANCESTORS) ?? [];

// Only the customer's pages are embeddable (the widget's frame). Staff pages never are, whatever
// the setting says: a framed workspace is a clickjacking target.
const embeddable = (pathname: string) => pathname === "/h5" || pathname.startsWith("/h5/");

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const headers = pageSecurityHeaders({
    nonce: createNonce(),
    frameAncestors: embeddable(request.nextUrl.pathname) ? frameAncestors : [],
    https: isHttps({ url: request.url, forwardedProto: request.headers.get("x-forwarded-proto") }),
    dev: process.env.NODE_ENV === "development",
  });
  const redirect = needsStaffSession(request.nextUrl.pathname)
    ? await staffGuard(request as NextRequestWithAuth, event)
    : undefined;
  let response: Response;
  if (redirect instanceof Response) response = redirect;
  else {
    // Overwrites whatever CSP header the client sent: only ours may carry the nonce Next uses.
    const forwarded = new Headers(request.headers);
    forwarded.set("Content-Security-Policy", headers["Content-Security-Policy"]!);
    response = NextResponse.next({ request: { headers: forwarded } });
  }
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Everything but the route handlers under /api, the H5 photo upload and the widget's loader (their headers are
  // static, in next.config.ts, which says why) and Next's own files. Server actions post through
  // here, so next.config.ts raises the body the proxy may buffer to the actions' limit.
  matcher: ["/((?!api/|_next/|favicon.ico|h5/uploads$|widget.js$).*)"],
};
