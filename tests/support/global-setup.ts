import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrateDatabase } from "../../lib/db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    dataDir: string;
  }
}

/** A throw-away real PostgreSQL for the whole run, migrated with our own runner. */
export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "kesu-test-"));
  const postgres = await startEmbeddedPostgres({ dir: join(dataDir, "pg"), database: "kesu_test" });
  await migrateDatabase({ connectionString: postgres.connectionString });
  project.provide("databaseUrl", postgres.connectionString);
  project.provide("dataDir", dataDir);
  return async () => {
    await postgres.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
