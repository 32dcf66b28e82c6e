import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { FieldContext } from "./encrypted-columns";
import {
  createKeyring,
  decryptField,
  encryptField,
  FieldIntegrityError,
  keyId,
  needsRotation,
  parseEncryptionKey,
  resealField,
} from "./field-encryption";

const key = randomBytes(32);
const ring = createKeyring(key);
const ALICE: FieldContext = { column: "customers.contact_enc", row: "CU-1001" };
const BOB: FieldContext = { column: "customers.contact_enc", row: "CU-1002" };

/** A value as the code before the binding wrote it: `v2.<keyId>.<iv>.<tag>.<ct>` or `v1.<iv>.<tag>.<ct>`, no additional data. */
function legacy(version: "v1" | "v2", plaintext: string, withKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", withKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const body = [iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")];
  return [version, ...(version === "v2" ? [keyId(withKey)] : []), ...body].join(".");
}

/** The same value with its tag cut to `bytes` (GCM would check only that many bytes if allowed). */
function withTagCut(sealed: string, bytes: number): string {
  const parts = sealed.split(".");
  parts[3] = Buffer.from(parts[3]!, "base64url").subarray(0, bytes).toString("base64url");
  return parts.join(".");
}

describe("field encryption", () => {
  it("round-trips, never shows the plaintext, and stores the format and key id beside the value", () => {
    const sealed = encryptField({ plaintext: "13800138000", context: ALICE, keyring: ring });
    expect(sealed).not.toContain("13800138000");
    expect(sealed.startsWith(`v3.${keyId(key)}.`)).toBe(true);
    expect(decryptField({ sealed, context: ALICE, keyring: ring })).toBe("13800138000");
  });

  it("uses a fresh IV each time", () => {
    expect(encryptField({ plaintext: "same", context: ALICE, keyring: ring })).not.toBe(
      encryptField({ plaintext: "same", context: ALICE, keyring: ring }),
    );
  });

  it("binds a value to its row and column: a copy anywhere else fails its integrity check", () => {
    const sealed = encryptField({ plaintext: "13800138000", context: ALICE, keyring: ring });
    expect(() => decryptField({ sealed, context: BOB, keyring: ring })).toThrow(FieldIntegrityError);
    expect(() =>
      decryptField({ sealed, context: { column: "complaints.contact_enc", row: "CU-1001" }, keyring: ring }),
    ).toThrow(FieldIntegrityError);
    // Relabelled as an unbound v2 value, the tag (computed with the additional data) still fails.
    expect(() => decryptField({ sealed: sealed.replace(/^v3\./, "v2."), context: BOB, keyring: ring })).toThrow(
      FieldIntegrityError,
    );
    try {
      decryptField({ sealed, context: BOB, keyring: ring });
    } catch (error) {
      expect(error).toMatchObject({
        code: "field_integrity_failed",
        status: 409,
        column: "customers.contact_enc",
        row: "CU-1002",
      });
    }
  });

  it("fixes the tag at 16 bytes: writes 16 and refuses a shorter one, whatever the format", () => {
    const sealed = encryptField({ plaintext: "王女士 13800138000", context: ALICE, keyring: ring });
    expect(Buffer.from(sealed.split(".")[3]!, "base64url")).toHaveLength(16);
    for (const bytes of [15, 12, 8, 4])
      expect(
        () => decryptField({ sealed: withTagCut(sealed, bytes), context: ALICE, keyring: ring }),
        `${bytes} bytes`,
      ).toThrow(FieldIntegrityError);
    const old = legacy("v2", "13800138000", key);
    expect(() => decryptField({ sealed: withTagCut(old, 4), context: ALICE, keyring: ring })).toThrow(
      FieldIntegrityError,
    );
  });

  it("refuses a tampered ciphertext; a keyring without the value's key is a configuration error", () => {
    const sealed = encryptField({ plaintext: "王女士 13800138000", context: ALICE, keyring: ring });
    const parts = sealed.split(".");
    const body = Buffer.from(parts[4]!, "base64url");
    body[0]! ^= 1;
    expect(() =>
      decryptField({
        sealed: [...parts.slice(0, 4), body.toString("base64url")].join("."),
        context: ALICE,
        keyring: ring,
      }),
    ).toThrow(FieldIntegrityError);
    expect(() => decryptField({ sealed: "not a ciphertext", context: ALICE, keyring: ring })).toThrow(
      FieldIntegrityError,
    );
    const missingKey = () => decryptField({ sealed, context: ALICE, keyring: createKeyring(randomBytes(32)) });
    expect(missingKey).toThrow(/no key/);
    expect(missingKey).not.toThrow(FieldIntegrityError);
  });

  it("still opens v2 and v1 values written before the binding, wherever they are", () => {
    expect(decryptField({ sealed: legacy("v2", "13900000000", key), context: BOB, keyring: ring })).toBe("13900000000");
    expect(
      decryptField({
        sealed: legacy("v1", "13700000000", key),
        context: ALICE,
        keyring: createKeyring(randomBytes(32), [key]),
      }),
    ).toBe("13700000000");
    expect(() =>
      decryptField({ sealed: legacy("v1", "13700000000", randomBytes(32)), context: ALICE, keyring: ring }),
    ).toThrow(FieldIntegrityError);
  });

  it("flags legacy formats and old keys for rotation, and rotation binds them to their row", () => {
    const next = randomBytes(32);
    const rotated = createKeyring(next, [key]);
    const values = [
      legacy("v1", "13900000000", key),
      legacy("v2", "13900000000", key),
      encryptField({ plaintext: "13900000000", context: ALICE, keyring: ring }),
    ];
    for (const old of values) {
      expect(needsRotation({ sealed: old, keyring: rotated })).toBe(true);
      const moved = resealField({ sealed: old, context: ALICE, keyring: rotated });
      expect(moved.startsWith(`v3.${keyId(next)}.`)).toBe(true);
      expect(needsRotation({ sealed: moved, keyring: rotated })).toBe(false);
      expect(decryptField({ sealed: moved, context: ALICE, keyring: createKeyring(next) })).toBe("13900000000");
      expect(() => decryptField({ sealed: moved, context: BOB, keyring: createKeyring(next) })).toThrow(
        FieldIntegrityError,
      );
    }
    // Same key, old format: the upgrade alone is a rotation too.
    expect(needsRotation({ sealed: legacy("v2", "x", key), keyring: ring })).toBe(true);
  });

  it("never launders a planted copy: rotation refuses a bound value found in another row", () => {
    const sealed = encryptField({ plaintext: "13800138000", context: ALICE, keyring: ring });
    expect(() => resealField({ sealed, context: BOB, keyring: createKeyring(randomBytes(32), [key]) })).toThrow(
      FieldIntegrityError,
    );
  });

  it("requires a 32-byte key", () => {
    expect(() => parseEncryptionKey(randomBytes(16).toString("base64"))).toThrow(/32 bytes/);
    expect(parseEncryptionKey(key.toString("base64"))).toHaveLength(32);
  });
});
