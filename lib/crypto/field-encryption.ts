import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * AES-256-GCM for personal fields (contacts, order amounts). Format:
 * `v2.<keyId>.<iv>.<tag>.<ciphertext>` (base64url), the key id stored beside every value so a
 * rotation can tell which rows still use an old key (`npm run keys:rotate`). `v1` values (no key
 * id, written before rotation existed) still decrypt with any key of the ring.
 */
const VERSION = "v2";

export type Keyring = { currentId: string; keys: ReadonlyMap<string, Buffer> };

export function parseEncryptionKey(base64Key: string): Buffer {
  const key = Buffer.from(base64Key, "base64");
  if (key.length !== 32) throw new Error("FIELD_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return key;
}

/** A key's id: derived from the key itself, so no separate configuration can disagree with it. */
export function keyId(key: Buffer): string {
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** The current key (encrypts) and the previous ones (only decrypt, until rotated away). */
export function createKeyring(current: Buffer, previous: Buffer[] = []): Keyring {
  const keys = new Map<string, Buffer>([[keyId(current), current]]);
  for (const key of previous) if (!keys.has(keyId(key))) keys.set(keyId(key), key);
  return { currentId: keyId(current), keys };
}

function seal(plaintext: string, key: Buffer, id: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, id, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

function open(key: Buffer, iv: string, tag: string, ciphertext: string): string {
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
}

export function encryptField(plaintext: string, keyring: Keyring): string {
  return seal(plaintext, keyring.keys.get(keyring.currentId)!, keyring.currentId);
}

export function decryptField(sealed: string, keyring: Keyring): string {
  const parts = sealed.split(".");
  if (parts[0] === "v2" && parts.length === 5) {
    const key = keyring.keys.get(parts[1]!);
    if (!key) throw new Error(`no key ${parts[1]} in the keyring`);
    return open(key, parts[2]!, parts[3]!, parts[4]!);
  }
  if (parts[0] === "v1" && parts.length === 4) {
    for (const key of keyring.keys.values()) {
      try {
        return open(key, parts[1]!, parts[2]!, parts[3]!);
      } catch {
        // not this key: try the next
      }
    }
    throw new Error("no key in the keyring opens this value");
  }
  throw new Error("unrecognised ciphertext");
}

/** True when the value is not under the current key (an older key, or the v1 format). */
export function needsRotation(sealed: string, keyring: Keyring): boolean {
  return !sealed.startsWith(`${VERSION}.${keyring.currentId}.`);
}
