import { cookies } from "next/headers";
import type { Db } from "../db/create-client";
import { getEnv } from "../env";
import { AppError } from "../errors";
import { createSignedToken, verifySignedToken } from "./signed-token";

export const H5_SESSION_COOKIE = "kesu_h5";
const SESSION_PURPOSE = "h5-session";
const SESSION_DAYS = 7;

/** The cookie an opened H5 link sets: it proves "this browser is customer X" for a week. */
export function h5SessionCookie({ customerId, now = new Date() }: { customerId: string; now?: Date }) {
  const env = getEnv();
  const expiresAt = new Date(now.getTime() + SESSION_DAYS * 86_400_000);
  return {
    name: H5_SESSION_COOKIE,
    value: createSignedToken({ payload: { c: customerId }, purpose: SESSION_PURPOSE, expiresAt, secret: env.H5_LINK_SECRET }),
    options: { httpOnly: true, sameSite: "lax" as const, secure: env.APP_URL.startsWith("https://"), path: "/", expires: expiresAt },
  };
}

export function customerIdFromSessionToken(token: string | undefined): string | null {
  if (!token) return null;
  const check = verifySignedToken<{ c: string }>({ token, purpose: SESSION_PURPOSE, secret: getEnv().H5_LINK_SECRET });
  return check.ok && typeof check.payload.c === "string" ? check.payload.c : null;
}

/** The signed-in H5 customer, or null. */
export async function getH5Customer({ db }: { db: Db }) {
  const customerId = customerIdFromSessionToken((await cookies()).get(H5_SESSION_COOKIE)?.value);
  if (!customerId) return null;
  return db.customer.findUnique({ where: { id: customerId }, select: { id: true, name: true, tier: true } });
}

export async function requireH5Customer({ db }: { db: Db }) {
  const customer = await getH5Customer({ db });
  if (!customer) throw new AppError("session_required");
  return customer;
}
