import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../tools/db/embedded-postgres";
import { provisionAppRole } from "../../tools/db/app-role";
import { migrateDatabase } from "../../tools/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    appDatabaseUrl: string;
    dataDir: string;
  }
}

/** A throw-away real PostgreSQL for the whole run, migrated with our own runner. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "kesu-test-"));
  const postgres = await startEmbeddedPostgres({ dir: join(dataDir, "pg"), database: "kesu_test", archive: false });
  await migrateDatabase({ connectionString: postgres.connectionString });
  // Tests reset data as the owner (TRUNCATE); the least-privilege test connects as the app's role.
  const appDatabaseUrl = await provisionAppRole({
    ownerUrl: postgres.connectionString,
    password: "test-app-role-password-0123456789",
  });
  project.provide("databaseUrl", postgres.connectionString);
  project.provide("appDatabaseUrl", appDatabaseUrl);
  project.provide("dataDir", dataDir);
  return async () => {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
