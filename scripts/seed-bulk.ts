/**
 * `npm run seed:bulk -- --complaints 1000000 [--months 12] [--seed 1]`: realistic volume for the
 * dashboard and the benchmarks (tools/demo/bulk-seed.ts), added to the database `npm start` uses
 * (DATA_DIR, default .data; the app may be running) or to DATABASE_URL.
 */
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { prepareRuntime } from "../tools/start/prepare-runtime";
import { keyringFromEnv } from "../lib/crypto/app-key";
import { runningEmbeddedPostgres } from "../tools/db/running-postgres";
import { bulkSeed } from "../tools/demo/bulk-seed";
import { diskAt, diskSize, seedDiskNeed, seedDiskRefusal } from "../tools/demo/seed-disk";
import { walArchiveDir } from "../tools/db/embedded-postgres";

async function main() {
  const { values } = parseArgs({
    options: {
      complaints: { type: "string", default: "100000" },
      months: { type: "string", default: "12" },
      seed: { type: "string", default: "20261122" },
    },
  });
  const complaints = Number(values.complaints);
  const months = Number(values.months);
  if (!Number.isInteger(complaints) || complaints < 1 || complaints > 5_000_000)
    throw new Error("--complaints must be a whole number from 1 to 5000000");
  if (!Number.isInteger(months) || months < 1 || months > 24)
    throw new Error("--months must be a whole number from 1 to 24");
  const env = { ...process.env };
  const dataDir = resolve(env.DATA_DIR ?? ".data");
  // The operator's own database: its disk is not ours to measure.
  const external = Boolean(env.DATABASE_URL);
  env.DATABASE_URL ||= (await runningEmbeddedPostgres(dataDir)) ?? undefined;
  const { env: config, postgres, ownerDatabaseUrl } = await prepareRuntime({ env, port: Number(env.PORT ?? 3000) });
  // The owner seeds: rebuilding the rollups truncates them, which the app's role may not.
  const client = new pg.Client({ connectionString: ownerDatabaseUrl });
  await client.connect();
  try {
    const archiving =
      (await client.query<{ archive_mode: string }>("SHOW archive_mode")).rows[0]!.archive_mode !== "off";
    if (external) {
      if (archiving)
        console.warn(
          `This database archives its WAL: the seed adds about ${diskSize(seedDiskNeed({ complaints, archiving }))} to its archive and data.`,
        );
    } else {
      // The embedded server's cluster and archive (tools/db/embedded-postgres.ts), each on its disk.
      const cluster = join(dataDir, "pg");
      const refusal = seedDiskRefusal({
        complaints,
        data: diskAt(cluster),
        archive: archiving ? diskAt(walArchiveDir(cluster)) : null,
      });
      if (refusal) throw new Error(refusal);
    }
    const result = await bulkSeed({
      client,
      keyring: keyringFromEnv(config),
      complaints,
      months,
      seed: Number(values.seed),
      onProgress: (m) => console.log(m),
    });
    console.log(
      `Seeded ${result.complaints} complaints (${result.customers} customers, ${result.surveys} survey answers) in ${(result.ms / 1000).toFixed(1)} s.`,
    );
  } finally {
    await client.end();
    await postgres?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
