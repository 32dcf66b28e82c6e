import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_SECRETS, GENERATED_SECRETS } from "../../lib/config/env-schema";

type SecretName = (typeof GENERATED_SECRETS)[number] | (typeof DEMO_SECRETS)[number];

function generate(name: SecretName): string {
  if (name === "FIELD_ENCRYPTION_KEY") return randomBytes(32).toString("base64");
  // Typed by people at the sign-in form: short enough to read off the terminal.
  if (name === "DEMO_PASSWORD") return randomBytes(9).toString("base64url");
  return randomBytes(32).toString("base64url");
}

/**
 * Outside production, secrets missing from the environment are generated once and kept in
 * `DATA_DIR/secrets.json` (mode 600) so data encrypted yesterday still decrypts today. In
 * production a missing secret is an error: generating one would silently break every link and
 * every encrypted field on the next restart.
 */
export function resolveSecrets({
  dataDir,
  env,
  production,
}: {
  dataDir: string;
  env: Record<string, string | undefined>;
  production: boolean;
}):
  | { ok: true; values: Partial<Record<SecretName, string>>; generated: SecretName[] }
  | { ok: false; missing: SecretName[] } {
  const missing = GENERATED_SECRETS.filter((name) => !env[name]);
  if (production && missing.length > 0) return { ok: false, missing };

  const file = join(dataDir, "secrets.json");
  const stored: Partial<Record<SecretName, string>> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  const generated: SecretName[] = [];
  const values: Partial<Record<SecretName, string>> = {};
  for (const name of production ? GENERATED_SECRETS : [...GENERATED_SECRETS, ...DEMO_SECRETS]) {
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
