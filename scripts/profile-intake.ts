/**
 * `npm run profile:intake`: where intake's CPU time goes. On a throwaway embedded PostgreSQL with
 * `npm start`'s demo data, files PROFILE_COMPLAINTS complaints (default 1 000) through
 * createComplaint, 50 at a time, after a warm-up, under V8's CPU profiler; prints the busy time by
 * category and writes bench/intake-profile.json with the machine (the README quotes that file).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { CATEGORIES } from "../lib/complaints/vocabulary/taxonomy";
import { createComplaint } from "../lib/complaints/create-complaint";
import { keyringFromEnv } from "../lib/crypto/app-key";
import { createPrismaClient } from "../lib/db-client";
import { upsertOrderSchema } from "../lib/orders/order-schemas";
import { upsertOrder } from "../lib/orders/upsert-order";
import { sampleTexts } from "../tools/bench/triage-bench";
import { summariseProfile, topFunctions, type CpuProfile } from "../tools/bench/profile-summary";
import { startEmbeddedPostgres } from "../tools/db/embedded-postgres";
import { prepareRuntime } from "../tools/start/prepare-runtime";

const COMPLAINTS = Number(process.env.PROFILE_COMPLAINTS ?? 1_000);
const CONCURRENCY = 50;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "kesu-profile-"));
  const postgres = await startEmbeddedPostgres({ dir: join(dir, "pg"), archive: false });
  try {
    const { env } = await prepareRuntime({
      env: { ...process.env, DATA_DIR: dir, DATABASE_URL: postgres.connectionString, DEMO_PASSWORD: undefined },
      port: 3998,
    });
    const db = createPrismaClient(env.DATABASE_URL);
    const keyring = keyringFromEnv(env);
    const orderNos = Array.from({ length: 40 }, (_, i) => `SO-PROFILE-${i}`);
    for (const [i, orderNo] of orderNos.entries()) {
      const input = upsertOrderSchema.parse({
        customer: {
          externalId: `CU-PROFILE-${i}`,
          name: `客户${i}`,
          phone: "13900000001",
          tier: i % 10 ? "normal" : "vip",
          region: ["上海", "杭州", "南京", "北京"][i % 4],
        },
        items: [{ sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", quantity: 1, unitPrice: "88.00" }],
        amount: "88.00",
        status: "delivered",
        placedAt: new Date(Date.now() - 86_400_000).toISOString(),
      });
      await upsertOrder({ db, orderNo, input, keyring });
    }
    const texts = sampleTexts(500, 3);
    const file = async (n: number) =>
      createComplaint({
        db,
        actor: { type: "shop" },
        input: {
          orderNo: orderNos[n % orderNos.length]!,
          category: CATEGORIES[n % CATEGORIES.length]!,
          description: texts[n % texts.length]!,
          imageIds: [],
        },
        source: "api",
        idempotency: { key: `profile:${randomUUID()}`, requestHash: "x" },
        keyring,
      });
    const run = async (count: number) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (next < count) await file(next++);
        }),
      );
    };
    await run(200); // warm-up: JIT, the client's compiled queries, jieba's dictionary
    const session = new Session();
    session.connect();
    await session.post("Profiler.enable");
    await session.post("Profiler.start");
    const started = Date.now();
    await run(COMPLAINTS);
    const seconds = (Date.now() - started) / 1000;
    const { profile } = (await session.post("Profiler.stop")) as { profile: CpuProfile };
    session.disconnect();
    const categories = summariseProfile(profile);
    const functions = topFunctions(profile);
    const machine = {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? "",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      at: new Date().toISOString(),
    };
    const result = {
      machine,
      complaints: COMPLAINTS,
      concurrency: CONCURRENCY,
      seconds: Math.round(seconds * 10) / 10,
      perSecond: Math.round(COMPLAINTS / seconds),
      categories,
      functions,
    };
    console.log(
      `\n${COMPLAINTS} intakes in-process in ${result.seconds} s (${result.perSecond}/s), busy CPU time by category:`,
    );
    for (const c of categories) console.log(`  ${(c.share * 100).toFixed(1).padStart(5)} %  ${c.category}`);
    console.log("\nFunctions with the most self time:");
    for (const f of functions) console.log(`  ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.fn}  ${f.where}`);
    writeFileSync(join("bench", "intake-profile.json"), `${JSON.stringify(result, null, 2)}\n`);
    console.log("\nWritten to bench/intake-profile.json");
    await db.$disconnect();
  } finally {
    await postgres.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
