import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * A token sealed with AES-256-GCM, for tokens that sit in someone else's page: the widget ticket
 * is an H5 link token (order, customer id, entry) that the shop's page carries, and the page — its
 * other scripts, its analytics — must not learn who the customer is or which order it is about.
 * Sealed: unreadable and unforgeable without the secret. The key is derived per purpose (HKDF), so
 * the H5 link secret never encrypts anything directly and a ticket opens nothing else.
 */
const IV_BYTES = 12;
const TAG_BYTES = 16;

function keyFor(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "kesu-sealed-token", purpose, 32));
}

export function sealToken({ token, secret, purpose }: { token: string; secret: string; purpose: string }): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyFor(secret, purpose), iv);
  const body = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url");
}

/** The token inside, or null for anything not sealed by us for this purpose (never throws). */
export function unsealToken({
  sealed,
  secret,
  purpose,
}: {
  sealed: string;
  secret: string;
  purpose: string;
}): string | null {
  // A ticket is a few hundred bytes: anything far larger is not one, and is not worth decrypting.
  if (sealed.length > 4096 || !/^[A-Za-z0-9_-]+$/.test(sealed)) return null;
  const raw = Buffer.from(sealed, "base64url");
  if (raw.length <= IV_BYTES + TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFor(secret, purpose), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    return null;
  }
}
