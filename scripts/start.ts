/**
 * `npm start`: secrets → database (embedded unless DATABASE_URL) → migrations → demo data on an
 * empty database → production build when the sources changed → `next start`. `--dev` runs
 * `next dev` instead. Ctrl-C stops Next and the embedded PostgreSQL cleanly. With
 * NODE_ENV=production there is no demo data and no secret in the banner, and a demo flag refuses
 * to start (tools/start/demo-policy.ts).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { demoPolicy } from "../tools/start/demo-policy";
import { prepareRuntime } from "../tools/start/prepare-runtime";
import { scheduleBackups } from "../tools/db/backup-run";
import { backupSettings } from "../tools/db/backup-settings";
import { startBanner } from "../tools/start/start-banner";
import { keyringFromEnv } from "../lib/crypto/app-key";
import { encryptLegacyOrderAmounts } from "../tools/db/reencrypt-fields";
import { createPrismaClient } from "../lib/db-client";
import pg from "pg";
import { bulkSeed } from "../tools/demo/bulk-seed";
import { seedOrderHistory } from "../tools/demo/order-history";
import { adaptSentimentToShopTexts, hasSentimentAdaptation } from "../lib/nlp/sentiment-adaptation";
import { trainRiskModel } from "../lib/risk/train-risk-model";
import { demoShopOrigins, findDemoShopCustomer, startDemoShop } from "../tools/demo/demo-shop";
import { seedDemoIfEmpty } from "../tools/demo/seed-demo";
import { seedDemoStaff } from "../tools/demo/seed-demo-staff";
import { seedFaq } from "../tools/demo/seed-faq";
import { seedReplyTemplates } from "../tools/demo/seed-reply-templates";
import { shanghaiDayStart, shanghaiToday } from "../lib/shanghai-day";

const dev = process.argv.includes("--dev");
const DEMO_HISTORY = 3_000;
const DEMO_ORDER_HISTORY = 6_000;
const port = Number(process.env.PORT ?? 3000);
// The demo shop page with the widget (tools/demo/demo-shop.ts): next port up; DEMO_SHOP_PORT=0 turns it off.
const shopPort = Number(process.env.DEMO_SHOP_PORT ?? port + 1);
// Everything `next build` compiles: a change to any of it means the build is stale.
const SOURCES = [
  "app",
  "pages",
  "components",
  "lib",
  "inngest",
  "public",
  "next.config.ts",
  "proxy.ts",
  "instrumentation.ts",
  "package.json",
  "postcss.config.mjs",
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

/**
 * V8's young generation at 64 MB a half (16 MB by default): a request allocates a few hundred
 * kilobytes that die young; with the default, garbage collection was about 6 % of the server's
 * profile under intake, and with 64 MB the server's CPU per intake fell from 2.43 to 2.17 ms in
 * one pair of runs at 1 M complaints (README, "Bench"). Costs up to ~150 MB more resident memory
 * under load. The operator's own setting wins.
 */
function serverNodeOptions(current: string | undefined): string {
  if (current && /--max[-_]semi[-_]space[-_]size/.test(current)) return current;
  return [current, "--max-semi-space-size=64"].filter(Boolean).join(" ");
}

function buildIfStale() {
  const buildId = join(".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  if (builtAt > Math.max(...SOURCES.map(newestMtime))) return;
  console.log("Building the app (first start or sources changed)…");
  const result = spawnSync(join("node_modules", ".bin", "next"), ["build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("next build failed");
}

async function waitForHealth(url: string, child: ChildProcess) {
  for (let attempt = 0; attempt < 600 && child.exitCode === null; attempt += 1) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

async function main() {
  // Before anything starts: a demo flag in production stops here, with nothing touched.
  const policy = demoPolicy({ env: process.env });
  const { env, childEnv, postgres, ownerDatabaseUrl } = await prepareRuntime({ env: process.env, port });
  // The daily base backup runs here, in the process that owns the embedded database (tools/db/backup-run.ts).
  const backups = postgres
    ? scheduleBackups({
        dataDir: env.DATA_DIR,
        connectionString: ownerDatabaseUrl,
        settings: backupSettings(process.env),
      })
    : null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await backups?.stop();
    await postgres?.stop().catch(() => undefined);
    process.exit(code);
  };

  const keyring = keyringFromEnv(env);
  // Seeding rebuilds rollups (TRUNCATE): the owner does it, never the app's role.
  const db = createPrismaClient(ownerDatabaseUrl);
  // Order amounts written before they were encrypted are moved out of clear text once.
  const legacy = await encryptLegacyOrderAmounts({ db, keyring });
  if (legacy) console.log(`Encrypted ${legacy} order amounts kept in clear by an earlier version.`);
  const seeded = policy.seedDemo ? await seedDemoIfEmpty({ db, keyring }) : null;
  if (seeded) {
    await seedReplyTemplates({ db });
    await seedFaq({ db });
    // A year of history behind the fresh demo, so the dashboard has trends to show. It ends
    // yesterday: today's figures (SLA breaches included) are only what the running system records
    // — the demo's complaints filed through intake, whose timers the workflow engine runs.
    const client = new pg.Client({ connectionString: ownerDatabaseUrl });
    await client.connect();
    const historyEnd = new Date(shanghaiDayStart(shanghaiToday(new Date())).getTime() - 1);
    const history = await bulkSeed({ client, keyring, complaints: DEMO_HISTORY, now: historyEnd });
    // Five months of generated orders (about one in ten with a complaint) for the high-risk order
    // model, which is trained once here and then weekly by its workflow (lib/risk). Generated data:
    // the risk page says what its numbers can and cannot show.
    const orders = await seedOrderHistory({
      query: (sql, params) => client.query(sql, params),
      keyring,
      orders: DEMO_ORDER_HISTORY,
      complaintsBefore: historyEnd,
    }).finally(() => client.end());
    const risk = await trainRiskModel({ db, trigger: "demo" });
    console.log(
      `Seeded demo data: ${seeded.orders} orders, ${seeded.complaints} complaints, ${history.complaints} complaints over the last 12 months for the dashboard, and ${orders.orders} orders of history (${orders.complaints} complaints) for the risk model (${risk.status}).`,
    );
  }
  // A model file without an adaptation (a fresh install, a new release) adapts to the shop's
  // texts now rather than next Monday (lib/nlp/sentiment-adaptation.ts).
  if (!(await hasSentimentAdaptation({ db }))) {
    const sentiment = await adaptSentimentToShopTexts({ db, trigger: "start" });
    console.log(`Sentiment model adapted to the shop's texts: ${sentiment.status} (${sentiment.texts} texts).`);
  }
  // Demo accounts exist only on development machines, never in production.
  const demoPassword = policy.seedDemo ? env.DEMO_PASSWORD : undefined;
  if (demoPassword && (await seedDemoStaff({ db, password: demoPassword })))
    console.log("Seeded the demo staff accounts.");
  // The banner's H5 link signs someone in: only where the banner may show secrets.
  const demoOrder = !policy.printSecrets
    ? undefined
    : (seeded?.demoOrderNo ??
      (
        await db.order.findFirst({
          where: { complaints: { none: {} }, amountBand: "under_50" },
          orderBy: { placedAt: "desc" },
          select: { orderNo: true },
        })
      )?.orderNo);
  const demoCustomer = demoOrder
    ? await db.order.findUnique({ where: { orderNo: demoOrder }, select: { customerId: true } })
    : null;
  const shopCustomer =
    policy.seedDemo && shopPort > 0 ? await findDemoShopCustomer({ db, orderNo: seeded?.demoOrderNo }) : null;
  await db.$disconnect();
  // The demo shop is another origin: the H5 must let it frame the widget.
  const frameAncestors = shopCustomer
    ? [
        ...new Set([
          ...(childEnv.KESU_FRAME_ANCESTORS ?? "").split(/\s+/).filter(Boolean),
          ...demoShopOrigins(shopPort),
        ]),
      ].join(" ")
    : childEnv.KESU_FRAME_ANCESTORS;

  try {
    if (!dev) buildIfStale();
  } catch (error) {
    console.error((error as Error).message);
    return stop(1);
  }

  const child = spawn(join("node_modules", ".bin", "next"), [dev ? "dev" : "start", "-p", String(port)], {
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      ...process.env,
      ...childEnv,
      ...(frameAncestors ? { KESU_FRAME_ANCESTORS: frameAncestors } : {}),
      NEXT_TELEMETRY_DISABLED: "1",
      NODE_OPTIONS: serverNodeOptions(process.env.NODE_OPTIONS),
    },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      child.kill("SIGTERM");
    });
  }
  child.on("exit", (code: number | null) => void stop(code ?? 0));

  if (await waitForHealth(`http://127.0.0.1:${port}/api/health`, child)) {
    const shop = shopCustomer
      ? await startDemoShop({ port: shopPort, appUrl: env.APP_URL, apiKey: env.SHOP_API_KEY, customer: shopCustomer })
          .then(() => `http://localhost:${shopPort}`)
          .catch((error: unknown) => {
            console.error(`The demo shop could not start on port ${shopPort}: ${(error as Error).message}`);
            return undefined;
          })
      : undefined;
    console.log(
      startBanner({
        env,
        policy,
        embedded: Boolean(postgres),
        demo: {
          orderNo: demoOrder,
          customerId: demoCustomer?.customerId,
          password: demoPassword,
          passwordFromEnv: Boolean(process.env.DEMO_PASSWORD),
          shopUrl: shop,
        },
      }),
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
