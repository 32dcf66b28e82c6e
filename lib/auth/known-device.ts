import { createSignedToken, verifySignedToken } from "./signed-token";

export const KNOWN_DEVICE_COOKIE = "kesu_known_device";
const PURPOSE = "known-device";
const KNOWN_DEVICE_DAYS = 90;

/**
 * A browser where this staff member signed in before: a signed cookie naming them, set on every
 * successful sign-in. From such a browser the per-account sign-in limit does not apply, so guesses
 * from elsewhere — however many addresses they come from — cannot lock the owner out of their own
 * browser. The per-address limits still do.
 */
export function knownDeviceCookie({
  staffId,
  secret,
  secure,
  now = new Date(),
}: {
  staffId: string;
  secret: string;
  secure: boolean;
  now?: Date;
}) {
  const expiresAt = new Date(now.getTime() + KNOWN_DEVICE_DAYS * 86_400_000);
  return {
    name: KNOWN_DEVICE_COOKIE,
    value: createSignedToken({ payload: { s: staffId }, purpose: PURPOSE, expiresAt, secret }),
    // Only the sign-in request needs it.
    options: { httpOnly: true, sameSite: "lax" as const, secure, path: "/api/auth", expires: expiresAt },
  };
}

/** The staff id a known-device cookie names, or null (absent, forged, expired). */
export function knownDeviceStaffId({ token, secret }: { token: string | undefined; secret: string }): string | null {
  if (!token) return null;
  const check = verifySignedToken<{ s: string }>({ token, purpose: PURPOSE, secret });
  return check.ok && typeof check.payload.s === "string" ? check.payload.s : null;
}
