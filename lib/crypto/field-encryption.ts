import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors";
import { contextString, type FieldContext } from "./encrypted-columns";

/**
 * AES-256-GCM for personal fields (contacts, order amounts, channel settings). Format:
 * `v3.<keyId>.<iv>.<tag>.<ciphertext>` (base64url). The key id beside every value lets a rotation
 * tell which rows still use an old key (`npm run keys:rotate`). The value is bound to its place:
 * `<table>.<column>:<row key>` is the GCM additional data, so a ciphertext copied into another
 * row or column fails to open instead of showing (or texting) someone else's phone number.
 *
 * Older values still open, unbound, until a rotation rewrites them as v3: `v2` (key id, no
 * additional data) and `v1` (no key id: every key of the ring is tried).
 */
const VERSION = "v3";
const IV_BYTES = 12;
// Fixed on both sides: a decipher that took whatever tag length it was given would accept a
// 4-byte tag, which a forger can guess.
const TAG_BYTES = 16;

export type Keyring = { currentId: string; keys: ReadonlyMap<string, Buffer> };

/**
 * A stored value failed authentication: tampered with, copied from another row or column, or
 * not one of ours. Expected (it is what the binding is for), so callers answer a clear error.
 */
export class FieldIntegrityError extends AppError {
  readonly column: FieldContext["column"];
  readonly row: string;

  constructor({ column, row }: FieldContext) {
    super("field_integrity_failed");
    this.name = "FieldIntegrityError";
    this.column = column;
    this.row = row;
  }
}

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

/** How every value written under the current key begins (also a SQL LIKE prefix: hex and dots only). */
export function currentPrefix(keyring: Keyring): string {
  return `${VERSION}.${keyring.currentId}.`;
}

export function encryptField({
  plaintext,
  context,
  keyring,
}: {
  plaintext: string;
  context: FieldContext;
  keyring: Keyring;
}): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", keyring.keys.get(keyring.currentId)!, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(contextString(context), "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    VERSION,
    keyring.currentId,
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

/** The plaintext, or null when the value does not authenticate under this key (and additional data). */
function open({
  key,
  iv,
  tag,
  ciphertext,
  aad,
}: {
  key: Buffer;
  iv: string;
  tag: string;
  ciphertext: string;
  aad: string | null;
}): string | null {
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return null;
  const decipher = createDecipheriv("aes-256-gcm", key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tagBytes);
  if (aad !== null) decipher.setAAD(Buffer.from(aad, "utf8"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}

/**
 * Opens a stored value found at `context`. A v3 value opens only there; v2 and v1 values (written
 * before the binding) open anywhere until rotated. An unknown key id is a configuration error
 * (a key dropped before its rotation finished), not tampering, and stays a plain Error.
 */
export function decryptField({
  sealed,
  context,
  keyring,
}: {
  sealed: string;
  context: FieldContext;
  keyring: Keyring;
}): string {
  const parts = sealed.split(".");
  if ((parts[0] === VERSION || parts[0] === "v2") && parts.length === 5) {
    const key = keyring.keys.get(parts[1]!);
    if (!key) throw new Error(`no key ${parts[1]} in the keyring (value of ${context.column})`);
    const opened = open({
      key,
      iv: parts[2]!,
      tag: parts[3]!,
      ciphertext: parts[4]!,
      aad: parts[0] === VERSION ? contextString(context) : null,
    });
    if (opened === null) throw new FieldIntegrityError(context);
    return opened;
  }
  if (parts[0] === "v1" && parts.length === 4) {
    for (const key of keyring.keys.values()) {
      const opened = open({ key, iv: parts[1]!, tag: parts[2]!, ciphertext: parts[3]!, aad: null });
      if (opened !== null) return opened;
    }
  }
  throw new FieldIntegrityError(context);
}

/**
 * The value under the current key and format, bound to `context`: how a rotation moves v1/v2
 * values and values under old keys. A value that does not open at `context` throws, so a copy
 * planted in the wrong row is never laundered into a bound one.
 */
export function resealField({
  sealed,
  context,
  keyring,
}: {
  sealed: string;
  context: FieldContext;
  keyring: Keyring;
}): string {
  return encryptField({ plaintext: decryptField({ sealed, context, keyring }), context, keyring });
}

/** True when the value is not in the current format under the current key (old key, v2 or v1). */
export function needsRotation({ sealed, keyring }: { sealed: string; keyring: Keyring }): boolean {
  return !sealed.startsWith(currentPrefix(keyring));
}
