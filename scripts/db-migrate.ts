/** `npm run db:migrate`: apply pending SQL migrations to DATABASE_URL, or to the embedded database under DATA_DIR. */
import { join } from "node:path";
import { migrateDatabase } from "../tools/db/migrate";
import { startEmbeddedPostgres } from "../tools/db/embedded-postgres";

async function main() {
  const dataDir = process.env.DATA_DIR ?? ".data";
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: join(dataDir, "pg") });
  try {
    const { applied } = await migrateDatabase({
      connectionString: process.env.DATABASE_URL ?? embedded!.connectionString,
    });
    console.log(
      applied.length ? `Applied ${applied.length} migration(s):\n  ${applied.join("\n  ")}` : "Database is up to date.",
    );
  } finally {
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
