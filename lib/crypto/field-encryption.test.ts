import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptField, encryptField, parseEncryptionKey } from "./field-encryption";

const key = randomBytes(32);

describe("field encryption", () => {
  it("round-trips and never shows the plaintext", () => {
    const sealed = encryptField("13800138000", key);
    expect(sealed).not.toContain("13800138000");
    expect(sealed.startsWith("v1.")).toBe(true);
    expect(decryptField(sealed, key)).toBe("13800138000");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptField("same", key)).not.toBe(encryptField("same", key));
  });

  it("refuses a tampered ciphertext or the wrong key", () => {
    const sealed = encryptField("王女士 13800138000", key);
    const parts = sealed.split(".");
    const body = Buffer.from(parts[3], "base64url");
    body[0] ^= 1;
    expect(() => decryptField([parts[0], parts[1], parts[2], body.toString("base64url")].join("."), key)).toThrow();
    expect(() => decryptField(sealed, randomBytes(32))).toThrow();
  });

  it("requires a 32-byte key", () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
    expect(parseEncryptionKey(key.toString("base64"))).toHaveLength(32);
  });
});
