import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { db } from "../db";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { findH5Session, type H5Session } from "./h5-session-store";

/** The session cookie: the random secret only (lib/auth/h5-session-store.ts), never who it is. */
export const H5_SESSION_COOKIE = "kesu_h5";
/**
 * A link opened while another customer is signed in waits here for the customer's answer on
 * /h5/switch (10 minutes). It holds the link the browser already had in its address bar; the
 * server keeps nothing.
 */
export const H5_PENDING_LINK_COOKIE = "kesu_h5_link";
const PENDING_LINK_SECONDS = 600;

const secure = () => getEnv().APP_URL.startsWith("https://");

export function h5SessionCookie({ secret, expiresAt }: { secret: string; expiresAt: Date }) {
  return {
    name: H5_SESSION_COOKIE,
    value: secret,
    options: { httpOnly: true, sameSite: "lax" as const, secure: secure(), path: "/", expires: expiresAt },
  };
}

export function pendingLinkCookie(token: string) {
  return {
    name: H5_PENDING_LINK_COOKIE,
    value: token,
    options: { httpOnly: true, sameSite: "lax" as const, secure: secure(), path: "/h5", maxAge: PENDING_LINK_SECONDS },
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
