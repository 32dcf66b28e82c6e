import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Compact HMAC-SHA256 tokens: base64url(JSON payload) + "." + base64url(signature). Used for H5
 * links and H5 session cookies; the `purpose` is part of the signed payload so a link can never
 * be replayed as a session cookie or the other way round.
 */
export type TokenCheck<T> = { ok: true; payload: T } | { ok: false; reason: "invalid" | "expired" };

function sign(data: string, secret: string): string {
  return createHmac("sha256", secret).update(data).digest("base64url");
}

export function createSignedToken<T extends object>({
  payload,
  purpose,
  expiresAt,
  secret,
}: {
  payload: T;
  purpose: string;
  expiresAt: Date;
  secret: string;
}): string {
  const body = Buffer.from(
    JSON.stringify({ ...payload, p: purpose, exp: Math.floor(expiresAt.getTime() / 1000) }),
  ).toString("base64url");
  return `${body}.${sign(body, secret)}`;
}

export function verifySignedToken<T>({
  token,
  purpose,
  secret,
  now = new Date(),
}: {
  token: string;
  purpose: string;
  secret: string;
  now?: Date;
}): TokenCheck<T> {
  const [body, signature, extra] = token.split(".");
  if (!body || !signature || extra !== undefined) return { ok: false, reason: "invalid" };
  const expected = Buffer.from(sign(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: "invalid" };
  let decoded: { p?: unknown; exp?: unknown } & Record<string, unknown>;
  try {
    decoded = JSON.parse(Buffer.from(body, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "invalid" };
  }
  if (decoded.p !== purpose || typeof decoded.exp !== "number") return { ok: false, reason: "invalid" };
  if (decoded.exp * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, payload: decoded as T };
}
