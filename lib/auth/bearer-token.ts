import { createHash, timingSafeEqual } from "node:crypto";

const digest = (value: string) => createHash("sha256").update(value).digest();

// The secret's digest, computed once per secret (every API request compares against it).
let secretDigest: { secret: string; digest: Buffer } | undefined;
function digestOfSecret(secret: string): Buffer {
  if (secretDigest?.secret !== secret) secretDigest = { secret, digest: digest(secret) };
  return secretDigest.digest;
}

/**
 * Whether the request's `Authorization: Bearer …` is this secret, compared in constant time (both
 * sides hashed first, so their lengths match and leak nothing). Answers the presented token's
 * digest when it matches — a stable, non-secret name for the caller (rate-limit keys) — else null.
 */
export function checkBearer({
  request,
  secret,
}: {
  request: { headers: { get(name: string): string | null } };
  secret: string;
}): string | null {
  const presented = /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1]?.trim();
  if (!presented) return null;
  const given = digest(presented);
  return timingSafeEqual(given, digestOfSecret(secret)) ? given.toString("hex") : null;
}
