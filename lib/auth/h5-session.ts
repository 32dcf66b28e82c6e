import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { findH5Session, H5_SESSION_COOKIE, type H5Session } from "./h5-session-store";

export { H5_SESSION_COOKIE };
/**
 * A link opened while another customer is signed in waits here for the customer's answer on
 * /h5/switch (10 minutes). It holds the link the browser already had in its address bar; the
 * server keeps nothing.
 */
export const H5_PENDING_LINK_COOKIE = "kesu_h5_link";
const PENDING_LINK_SECONDS = 600;

const secure = () => getEnv().APP_URL.startsWith("https://");

/**
 * Whether this request is a frame's: the widget's panel on the shop's page. Browsers say so in
 * Sec-Fetch-Dest (a header pages cannot set); one that does not send it is treated as top-level.
 */
export function isFramed(headers: Headers): boolean {
  return headers.get("sec-fetch-dest") === "iframe";
}

/**
 * The H5's cookie attributes. In the widget's frame on the shop's site a SameSite=Lax cookie is
 * neither set nor sent, so there, over https, cookies are SameSite=None and Partitioned (CHIPS):
 * they live only under that shop's site, seen by the widget's frame and by no other site's page.
 * Top-level (and plain http, where the demo shop and the app are one site on two ports) they stay
 * Lax. iOS WebKit before 18.4 keeps no cookie in a cross-site frame at all: there the shop sets
 * the loader's data-open="navigate" and the flow opens in the page (lib/widget/loader-source.ts).
 */
export function h5CookieAttributes({ framed }: { framed: boolean }) {
  const https = secure();
  return framed && https
    ? { httpOnly: true, sameSite: "none" as const, secure: true, partitioned: true }
    : { httpOnly: true, sameSite: "lax" as const, secure: https };
}

export function h5SessionCookie({ secret, expiresAt, framed }: { secret: string; expiresAt: Date; framed: boolean }) {
  return {
    name: H5_SESSION_COOKIE,
    value: secret,
    options: { ...h5CookieAttributes({ framed }), path: "/", expires: expiresAt },
  };
}

export function pendingLinkCookie({ token, framed }: { token: string; framed: boolean }) {
  return {
    name: H5_PENDING_LINK_COOKIE,
    value: token,
    options: { ...h5CookieAttributes({ framed }), path: "/h5", maxAge: PENDING_LINK_SECONDS },
  };
}

/**
 * The signed-in H5 customer's session — customer, scope — or null. Cached per request: the
 * layout, the page and its data all ask, and the activity is recorded once.
 */
export const getH5Session = cache(async (): Promise<H5Session | null> =>
  findH5Session({ db, secret: (await cookies()).get(H5_SESSION_COOKIE)?.value }),
);

export async function requireH5Session(): Promise<H5Session> {
  const session = await getH5Session();
  if (!session) throw new AppError("session_required");
  return session;
}
