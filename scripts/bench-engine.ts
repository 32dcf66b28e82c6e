/**
 * `npm run bench:engine`: the embedded workflow engine alone (tools/bench/engine-bench.ts) on a
 * throw-away embedded PostgreSQL, written to bench/engine-results.json with the machine;
 * `npm run bench` includes the same measurement in bench/results.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { benchEngine } from "../tools/bench/engine-bench";
import { startEmbeddedPostgres } from "../tools/db/embedded-postgres";
import { migrateDatabase } from "../tools/db/migrate";

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "kesu-engine-bench-"));
  const postgres = await startEmbeddedPostgres({ dir: join(dir, "pg"), archive: false });
  try {
    await migrateDatabase({ connectionString: postgres.connectionString });
    const result = await benchEngine({
      connectionString: postgres.connectionString,
      starts: Number(process.env.BENCH_ENGINE_STARTS ?? 5_000),
      timers: Number(process.env.BENCH_ENGINE_TIMERS ?? 10_000),
      dueSoon: Number(process.env.BENCH_ENGINE_DUE ?? 1_000),
      spreadSeconds: Number(process.env.BENCH_ENGINE_SPREAD ?? 60),
    });
    const machine = {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? "",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      at: new Date().toISOString(),
    };
    console.log(JSON.stringify({ machine, ...result }, null, 2));
    mkdirSync("bench", { recursive: true });
    writeFileSync(join("bench", "engine-results.json"), `${JSON.stringify({ machine, ...result }, null, 2)}\n`);
    console.log("Written to bench/engine-results.json");
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
