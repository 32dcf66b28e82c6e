import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GENERATED_SECRETS } from "./env-schema";

type SecretName = (typeof GENERATED_SECRETS)[number];

function generate(name: SecretName): string {
  return name === "FIELD_ENCRYPTION_KEY" ? randomBytes(32).toString("base64") : randomBytes(32).toString("base64url");
}

/**
 * Outside production, secrets missing from the environment are generated once and kept in
 * `DATA_DIR/secrets.json` (mode 600) so data encrypted yesterday still decrypts today. In
 * production a missing secret is an error: generating one would silently break every link and
 * every encrypted field on the next restart.
 */
export function resolveSecrets({ dataDir, env, production }: { dataDir: string; env: Record<string, string | undefined>; production: boolean }):
  | { ok: true; values: Record<SecretName, string>; generated: SecretName[] }
  | { ok: false; missing: SecretName[] } {
  const missing = GENERATED_SECRETS.filter((name) => !env[name]);
  if (production && missing.length > 0) return { ok: false, missing };

  const file = join(dataDir, "secrets.json");
  const stored: Partial<Record<SecretName, string>> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const generated: SecretName[] = [];
  const values = {} as Record<SecretName, string>;
  for (const name of GENERATED_SECRETS) {
    const fromEnv = env[name];
    if (fromEnv) values[name] = fromEnv;
    else if (stored[name]) values[name] = stored[name]!;
    else {
      values[name] = stored[name] = generate(name);
      generated.push(name);
    }
  }
  if (generated.length > 0) writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  return { ok: true, values, generated };
}
