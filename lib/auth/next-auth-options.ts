import type { NextAuthOptions } from "next-auth";
import { cookies } from "next/headers";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { db } from "../db";
import { getEnv } from "../env";
import { clientAddress } from "../rate-limit/client-address";
import { KNOWN_DEVICE_COOKIE, knownDeviceCookie, knownDeviceStaffId } from "./known-device";
import { signInStaff } from "./staff-sign-in";

export const STAFF_SIGN_IN_PATH = "/admin/sign-in";
const STAFF_SESSION_HOURS = 10; // one shift

const credentialsSchema = z.object({ email: z.string().trim().email().max(200), password: z.string().min(1).max(200) });

/** The error code a rate-limited sign-in reports to the form (`?error=` / `signIn().error`). */
const SIGN_IN_RATE_LIMITED = "rate_limited";

/**
 * next-auth for staff only (customers use signed H5 links). Built per request so `next build`
 * needs no secrets. The JWT carries just the staff id and when they signed in: role, groups and
 * whether the account is active are re-read from the database on every request
 * (lib/auth/staff-session.ts), so a demotion or a deactivation takes effect at once.
 */
export function authOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: STAFF_SESSION_HOURS * 3600 },
    pages: { signIn: STAFF_SIGN_IN_PATH, error: STAFF_SIGN_IN_PATH },
    useSecureCookies: env.APP_URL.startsWith("https://"),
    providers: [
      CredentialsProvider({
        name: "credentials",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const parsed = credentialsSchema.safeParse(credentials);
          if (!parsed.success) return null;
          const jar = await cookies();
          const knownDevice = knownDeviceStaffId({
            token: jar.get(KNOWN_DEVICE_COOKIE)?.value,
            secret: env.NEXTAUTH_SECRET,
          });
          const result = await signInStaff({
            db,
            email: parsed.data.email,
            password: parsed.data.password,
            ip: clientAddress(req.headers as Record<string, unknown> | undefined),
            knownDeviceStaffId: knownDevice,
          });
          if (result.ok) {
            // Next adds cookies set here to the sign-in route's response.
            const cookie = knownDeviceCookie({
              staffId: result.staffId,
              secret: env.NEXTAUTH_SECRET,
              secure: env.APP_URL.startsWith("https://"),
            });
            jar.set(cookie.name, cookie.value, cookie.options);
            return { id: result.staffId };
          }
          // next-auth passes a thrown message to the form as its error code.
          if (result.reason === "rate_limited") throw new Error(SIGN_IN_RATE_LIMITED);
          return null;
        },
      }),
    ],
    callbacks: {
      // signedInAt stays as first written (iat is renewed with the cookie): a password reset ends
      // the sessions signed in before it (lib/auth/staff-actor.ts).
      jwt: ({ token, user }) => (user ? { ...token, sub: user.id, signedInAt: Date.now() } : token),
      session: ({ session, token }) =>
        ({ ...session, user: { id: token.sub, signedInAt: token.signedInAt } }) as typeof session,
    },
  };
}
