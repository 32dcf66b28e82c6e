import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { privilegeProblems, provisionAppRole } from "../db/app-role";
import { migrateDatabase } from "../db/migrate";
import { startEmbeddedPostgres, type RunningPostgres } from "../db/embedded-postgres";
import { describeEnvProblems, envSchema, type Env } from "../../lib/config/env-schema";
import { workflowModeFor } from "../../lib/config/inngest-config";
import { resolveSecrets } from "./secrets-file";

/**
 * What `npm start` (and the e2e server) does before Next starts: secrets, the database
 * (DATABASE_URL, or an embedded PostgreSQL under DATA_DIR), migrations, validated env.
 */
export async function prepareRuntime({
  env,
  port,
}: {
  env: Record<string, string | undefined>;
  port: number;
}): Promise<{
  env: Env;
  childEnv: Record<string, string>;
  postgres: RunningPostgres | null;
  ownerDatabaseUrl: string;
}> {
  const dataDir = resolve(env.DATA_DIR ?? ".data");
  mkdirSync(dataDir, { recursive: true });
  const production = env.NODE_ENV === "production";
  const secrets = resolveSecrets({ dataDir, env, production });
  if (!secrets.ok)
    throw new Error(
      `Missing secrets (required in production): ${secrets.missing.join(", ")}. Set them in the environment.`,
    );
  if (secrets.generated.length)
    console.log(`Generated development secrets into ${join(dataDir, "secrets.json")}: ${secrets.generated.join(", ")}`);

  const postgres = env.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: join(dataDir, "pg") });
  try {
    // DATABASE_URL is the owner: migrations, demo seeding and key rotation. The app itself connects
    // as a role that cannot rewrite history (tools/db/app-role.ts), and never sees the owner's URL.
    const ownerDatabaseUrl = env.DATABASE_URL || postgres!.connectionString;
    const { applied } = await migrateDatabase({ connectionString: ownerDatabaseUrl });
    if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
    const appPassword = env.DATABASE_APP_PASSWORD ?? secrets.values.DATABASE_APP_PASSWORD;
    if (!env.DATABASE_APP_URL && !appPassword)
      throw new Error(
        "Missing secrets (required in production): DATABASE_APP_PASSWORD (or DATABASE_APP_URL for a role you created). Set them in the environment.",
      );
    const databaseUrl =
      env.DATABASE_APP_URL ?? (await provisionAppRole({ ownerUrl: ownerDatabaseUrl, password: appPassword! }));
    const problems = await privilegeProblems({ url: databaseUrl });
    if (problems.length)
      throw new Error(
        `The app's database role has privileges it must not have: ${problems.join(", ")}. Use a role without them (DATABASE_APP_URL), or leave it unset so start creates one.`,
      );
    const appUrl = env.APP_URL ?? `http://localhost:${port}`;
    // next-auth builds its redirects from NEXTAUTH_URL.
    const childEnv = {
      ...env,
      ...secrets.values,
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      APP_URL: appUrl,
      NEXTAUTH_URL: env.NEXTAUTH_URL ?? appUrl,
      PORT: String(port),
    };
    const parsed = envSchema.safeParse(childEnv);
    if (!parsed.success) throw new Error(`Invalid configuration:\n${describeEnvProblems(parsed.error)}`);
    const inngest = workflowModeFor(parsed.data) === "inngest";
    // Without Inngest the embedded engine runs the workflows and needs its secret; production must provide it.
    if (production && !inngest && parsed.data.KESU_ENGINE === "on" && !parsed.data.KESU_ENGINE_SECRET)
      throw new Error(
        "Missing secrets (required in production): KESU_ENGINE_SECRET (or configure Inngest, or set KESU_ENGINE=off). Set them in the environment.",
      );
    const { DATABASE_APP_PASSWORD: _password, ...forChild } = { ...childEnv, DATABASE_APP_URL: undefined };
    return {
      env: parsed.data,
      childEnv: Object.fromEntries(Object.entries(forChild).filter((e): e is [string, string] => e[1] !== undefined)),
      postgres,
      ownerDatabaseUrl,
    };
  } catch (error) {
    await postgres?.stop();
    throw error;
  }
}
