import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envSchema } from "../../lib/config/env-schema";
import { resolveSecrets } from "./secrets-file";

describe("resolveSecrets", () => {
  it("generates missing development secrets once and reuses them", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kesu-secrets-"));
    const first = resolveSecrets({ dataDir, env: {}, production: false });
    const second = resolveSecrets({ dataDir, env: {}, production: false });
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.generated).toEqual([
      "SHOP_API_KEY",
      "H5_LINK_SECRET",
      "NEXTAUTH_SECRET",
      "FIELD_ENCRYPTION_KEY",
      "DEMO_PASSWORD",
      "KESU_ENGINE_SECRET",
      "DATABASE_APP_PASSWORD",
    ]);
    expect(second.generated).toHaveLength(0);
    expect(second.values).toEqual(first.values);
    expect(statSync(join(dataDir, "secrets.json")).mode & 0o777).toBe(0o600);
    const parsed = envSchema.safeParse({ ...first.values, DATABASE_URL: "postgresql://localhost/x" });
    expect(parsed.success).toBe(true);
  });

  it("prefers the environment", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kesu-secrets-"));
    const result = resolveSecrets({ dataDir, env: { SHOP_API_KEY: "from-env-key-from-env-key" }, production: false });
    expect(result.ok && result.values.SHOP_API_KEY).toBe("from-env-key-from-env-key");
    expect(JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")).SHOP_API_KEY).toBeUndefined();
  });

  it("refuses to invent production secrets", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kesu-secrets-"));
    const result = resolveSecrets({ dataDir, env: { SHOP_API_KEY: "x".repeat(30) }, production: true });
    expect(result).toEqual({ ok: false, missing: ["H5_LINK_SECRET", "NEXTAUTH_SECRET", "FIELD_ENCRYPTION_KEY"] });
  });

  it("never generates the demo password in production", () => {
    const dataDir = mkdtempSync(join(tmpdir(), "kesu-secrets-"));
    const env = {
      SHOP_API_KEY: "x".repeat(30),
      H5_LINK_SECRET: "y".repeat(40),
      NEXTAUTH_SECRET: "z".repeat(40),
      FIELD_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString("base64"),
    };
    const result = resolveSecrets({ dataDir, env, production: true });
    expect(result.ok && result.values.DEMO_PASSWORD).toBeUndefined();
    expect(result.ok && result.generated).toEqual([]);
  });
});
