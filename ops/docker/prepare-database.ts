/**
 * The container deployment's one-off database job (compose.yaml's `migrate` service, run before
 * any app instance starts): what `npm start` does to the database before Next starts, without
 * the embedded PostgreSQL and without demo data (tools/start/prepare-runtime.ts) —
 *
 * 1. migrations, as the owner (DATABASE_URL), under tools/db/migrate.ts's advisory lock, so
 *    several jobs at once (a rolling deploy) apply each migration once;
 * 2. the app's least-privilege role (`<database>_app`, password DATABASE_APP_PASSWORD) created
 *    or brought up to date for tables the migrations added, and its privileges checked.
 *
 * `npm start` also encrypts order amounts that versions before 2026-11-22 kept in clear; a
 * database last run by such a version gets `npm run keys:rotate` once instead (it does the same).
 * Left out here so this stays free of the Prisma client, which the e2e spec cannot load.
 *
 * The app instances then connect as that role only (their DATABASE_URL): none of them holds the
 * owner's credentials. The e2e spec tests/e2e/two-instances.spec.ts runs this too, to connect
 * its second instance exactly as a container would.
 *
 *   node_modules/.bin/tsx ops/docker/prepare-database.ts     (the Dockerfile's `migrate` target)
 */
import { privilegeProblems, provisionAppRole } from "../../tools/db/app-role";
import { migrateDatabase } from "../../tools/db/migrate";

export async function prepareDatabase({
  ownerUrl,
  appPassword,
}: {
  ownerUrl: string;
  appPassword: string;
}): Promise<{ applied: string[]; appUrl: string }> {
  const { applied } = await migrateDatabase({ connectionString: ownerUrl });
  const appUrl = await provisionAppRole({ ownerUrl, password: appPassword });
  const problems = await privilegeProblems({ url: appUrl });
  if (problems.length)
    throw new Error(`The app's database role has privileges it must not have: ${problems.join(", ")}.`);
  return { applied, appUrl };
}

async function main() {
  const env = process.env;
  const missing = ["DATABASE_URL", "DATABASE_APP_PASSWORD"].filter((name) => !env[name]);
  if (missing.length) throw new Error(`Missing settings: ${missing.join(", ")}.`);
  if (env.DATABASE_APP_PASSWORD!.length < 24) throw new Error("DATABASE_APP_PASSWORD: must be at least 24 characters.");
  const { applied, appUrl } = await prepareDatabase({
    ownerUrl: env.DATABASE_URL!,
    appPassword: env.DATABASE_APP_PASSWORD!,
  });
  console.log(applied.length ? `Applied migrations: ${applied.join(", ")}` : "Database is up to date.");
  // The role's name, never its password: job logs are kept.
  console.log(`The app connects as "${decodeURIComponent(new URL(appUrl).username)}".`);
}

// Run as a command (tsx loads this file as CommonJS); imported by the e2e spec, it only exports.
if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
