import { createHmac, timingSafeEqual } from "node:crypto";
import canonicalize from "canonicalize";

/**
 * The embedded engine authenticates like Inngest does: it signs every request to /api/inngest
 * with a signing key the SDK verifies (HMAC-SHA256 over body + timestamp, the key without its
 * `signkey-*-` prefix, as node_modules/inngest/helpers/net.js does), and the SDK sends events
 * with an event key. Both are derived from one secret (KESU_ENGINE_SECRET) so there is one
 * thing to keep and rotate; the SDK itself only ever sees the derived keys.
 */
export type EngineKeys = { signingKey: string; eventKey: string };

export function deriveEngineKeys(secret: string): EngineKeys {
  const derive = (label: string) => createHmac("sha256", secret).update(label).digest("hex");
  // The SDK hashes the key as hex when it authenticates to Inngest's API: keep it hex.
  return { signingKey: `signkey-prod-${derive("kesu-engine/signing-key")}`, eventKey: derive("kesu-engine/event-key") };
}

function rawKey(signingKey: string): string {
  return signingKey.replace(/^signkey-[\w]+-/, "");
}

function mac(body: string, signingKey: string, timestamp: string): string {
  return createHmac("sha256", rawKey(signingKey))
    .update(body + timestamp)
    .digest("hex");
}

/** The X-Inngest-Signature header value for a request body. */
export function signBody({
  body,
  signingKey,
  now = new Date(),
}: {
  body: string;
  signingKey: string;
  now?: Date;
}): string {
  const timestamp = Math.round(now.getTime() / 1000).toString();
  return `t=${timestamp}&s=${mac(body, signingKey, timestamp)}`;
}

/** Checks a signature the SDK put on its response (same scheme, 5 minutes of skew allowed). */
export function verifySignature({
  body,
  header,
  signingKey,
  now = new Date(),
}: {
  body: string;
  header: string | null;
  signingKey: string;
  now?: Date;
}): boolean {
  if (!header) return false;
  const params = new URLSearchParams(header);
  const timestamp = params.get("t") ?? "";
  const signature = params.get("s") ?? "";
  if (!/^\d+$/.test(timestamp) || !/^[0-9a-f]{64}$/.test(signature)) return false;
  if (Math.abs(now.getTime() - Number(timestamp) * 1000) > 5 * 60_000) return false;
  return timingSafeEqual(Buffer.from(mac(body, signingKey, timestamp), "hex"), Buffer.from(signature, "hex"));
}

/** Event-key comparison that takes the same time whatever the guess. */
export function eventKeyMatches(given: string, expected: string): boolean {
  const a = createHmac("sha256", "kesu-event-key").update(given).digest();
  const b = createHmac("sha256", "kesu-event-key").update(expected).digest();
  return timingSafeEqual(a, b);
}

/**
 * JSON in RFC 8785 canonical form: the SDK parses a request body and checks the signature over
 * this form (canonicalize in node_modules/inngest/helpers/net.js), so the engine sends exactly it.
 */
export function canonicalJson(value: unknown): string {
  return canonicalize(value) ?? "null";
}
