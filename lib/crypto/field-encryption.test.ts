import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createKeyring, decryptField, encryptField, keyId, needsRotation, parseEncryptionKey } from "./field-encryption";

const key = randomBytes(32);
const ring = createKeyring(key);

describe("field encryption", () => {
  it("round-trips, never shows the plaintext, and stores the key id beside the value", () => {
    const sealed = encryptField("13800138000", ring);
    expect(sealed).not.toContain("13800138000");
    expect(sealed.startsWith(`v2.${keyId(key)}.`)).toBe(true);
    expect(decryptField(sealed, ring)).toBe("13800138000");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptField("same", ring)).not.toBe(encryptField("same", ring));
  });

  it("refuses a tampered ciphertext or a keyring without the value's key", () => {
    const sealed = encryptField("王女士 13800138000", ring);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0]! ^= 1;
    expect(() => decryptField([...parts.slice(0, 4), body.toString("base64url")].join("."), ring)).toThrow();
    expect(() => decryptField(sealed, createKeyring(randomBytes(32)))).toThrow(/no key/);
  });

  it("decrypts values under a previous key and flags them for rotation", () => {
    const next = randomBytes(32);
    const old = encryptField("13900000000", ring);
    const rotated = createKeyring(next, [key]);
    expect(decryptField(old, rotated)).toBe("13900000000");
    expect(needsRotation(old, rotated)).toBe(true);
    expect(needsRotation(encryptField("x", rotated), rotated)).toBe(false);
  });

  it("still opens v1 values written before key ids existed", () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", key, iv);
    const ciphertext = Buffer.concat([cipher.update("13700000000", "utf8"), cipher.final()]);
    const v1 = ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
    expect(decryptField(v1, createKeyring(randomBytes(32), [key]))).toBe("13700000000");
    expect(needsRotation(v1, ring)).toBe(true);
  });

  it("requires a 32-byte key", () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
    expect(parseEncryptionKey(key.toString("base64"))).toHaveLength(32);
  });
});
