import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, createWriteStream, existsSync, readFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createNetServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { expect, request as requests, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { envSchema } from "../../lib/config/env-schema";
import { workflowModeFor } from "../../lib/config/inngest-config";
import { prepareDatabase } from "../../ops/docker/prepare-database";
import { runningEmbeddedPostgres } from "../../tools/db/running-postgres";
import { E2E_API_KEY } from "./constants";
import { DESKTOP, h5Link, PNG_1x1, signInStaff } from "./support";

/**
 * Issue 14, point 3: several app instances on one database. Instance A is the suite's own server
 * (`npm start`: `next start` on the full tree); instance B is the standalone server the Dockerfile
 * ships (`node .next/standalone/server.js`, .next/static and public copied beside it as the
 * Dockerfile does), started here against the same PostgreSQL as its own least-privilege role
 * (ops/docker/prepare-database.ts, the compose `migrate` job), with the same settings and
 * DATA_DIR. Requests alternate between them; what must hold is checked in the database and at a
 * local SMS gateway: one engine leads, every outbox event is relayed once and starts each
 * workflow once, each customer is told once; sessions, rate limits and photos work across both.
 *
 * The first test needs no server: compose.yaml, the Dockerfile and the load balancer's config
 * must agree with each other and with the settings the app reads (Docker cannot run here).
 */
const ROOT = process.cwd();
const STANDALONE = join(ROOT, ".next", "standalone");
const run = Date.now().toString(36).toUpperCase();
const shopAuth = { authorization: `Bearer ${E2E_API_KEY}` };

// ---- compose.yaml, Dockerfile, nginx.conf ------------------------------------------------------

const read = (path: string) => readFileSync(join(ROOT, path), "utf8");
const indentOf = (line: string) => line.length - line.trimStart().length;

/** `KEY: value` entries of the YAML mapping under the line at `header` (compose.yaml's layout: block style). */
function mappingUnder(lines: string[], header: number): Map<string, string> {
  const entries = new Map<string, string>();
  const base = indentOf(lines[header]!);
  for (const line of lines.slice(header + 1)) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    if (indentOf(line) <= base) break;
    const match = /^\s*([A-Z][A-Z0-9_]*):\s*(.*)$/.exec(line);
    if (match) entries.set(match[1]!, match[2]!.replace(/^"(.*)"$/, "$1"));
  }
  return entries;
}

/** A value compose would produce: `${NAME:-default}` → default; `${NAME:?…}` (a secret from .env) → a valid stand-in. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([-?])([^}]*))?\}/g, (_all, name: string, kind?: string, rest?: string) => {
    if (kind === "-") return rest ?? "";
    if (name === "FIELD_ENCRYPTION_KEY") return Buffer.alloc(32, 7).toString("base64");
    if (name === "INNGEST_SIGNING_KEY") return "ab".repeat(32);
    return `${name.toLowerCase()}-stand-in-0123456789abcdef`;
  });
}

// Read by a library rather than by lib/config/env-schema.ts.
const READ_ELSEWHERE: Record<string, string> = {
  NEXTAUTH_URL: "next-auth",
  HOSTNAME: "the standalone server.js (bind address)",
  NEXT_TELEMETRY_DISABLED: "Next",
};

test("compose.yaml, the Dockerfile and the load balancer agree with each other and with the settings the app reads", () => {
  const schemaKeys = new Set(Object.keys(envSchema.shape));
  const compose = read("compose.yaml").split("\n");

  // The app instances share one environment (an anchor); the migrate job has its own.
  const appHeader = compose.findIndex((line) => line.startsWith("x-app-environment:"));
  expect(appHeader, "compose.yaml: x-app-environment").toBeGreaterThanOrEqual(0);
  const appEnv = mappingUnder(compose, appHeader);
  const migrateAt = compose.findIndex((line) => line === "  migrate:");
  const migrateEnv = mappingUnder(
    compose,
    compose.findIndex((line, i) => i > migrateAt && line.trim() === "environment:"),
  );
  const appServices = compose.flatMap((line) => /^ {2}(app-\d+): \*app$/.exec(line)?.[1] ?? []);
  expect(appServices.length, "at least two app instances").toBeGreaterThanOrEqual(2);
  expect(compose).toContain("  environment: *app-environment");

  for (const [where, env] of [
    ["x-app-environment", appEnv],
    ["migrate", migrateEnv],
  ] as const)
    for (const name of env.keys())
      expect(schemaKeys.has(name) || name in READ_ELSEWHERE, `${where}: ${name} is read by nobody`).toBe(true);

  // With its secrets filled in, the instances' environment is a valid configuration that
  // selects Inngest (so the embedded engine stays off) and names the public address for next-auth.
  const resolved = Object.fromEntries([...appEnv].map(([name, value]) => [name, interpolate(value)]));
  const parsed = envSchema.safeParse(resolved);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(workflowModeFor(parsed.data!)).toBe("inngest");
  expect(resolved.NEXTAUTH_URL).toBe(resolved.APP_URL);
  expect(new URL(resolved.DATABASE_URL!).username, "the instances connect as the app's role").toBe("kesu_app");
  expect([...migrateEnv.keys()].sort()).toEqual(["DATABASE_APP_PASSWORD", "DATABASE_URL"]);

  // The image: what it sets is read, and it ships the standalone output with its static files.
  const dockerfile = read("Dockerfile");
  const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
  const envBlock = /\nENV ((?:[^\n]*\\\n)*[^\n]*)/.exec(runtime)?.[1] ?? "";
  const imageEnv = Object.fromEntries([...envBlock.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
  for (const name of Object.keys(imageEnv))
    expect(schemaKeys.has(name) || name in READ_ELSEWHERE, `Dockerfile: ${name} is read by nobody`).toBe(true);
  expect(imageEnv).toMatchObject({ NODE_ENV: "production", HOSTNAME: "0.0.0.0" });
  for (const copied of ["/app/.next/standalone ./", "/app/.next/static ./.next/static", "/app/public ./public"])
    expect(runtime).toContain(`COPY --from=build ${copied}`);
  expect(runtime).toMatch(/\nUSER kesu\n/);
  expect(runtime).toContain("/api/health");
  expect(dockerfile).toContain('CMD ["node_modules/.bin/tsx", "ops/docker/prepare-database.ts"]');

  // The load balancer spreads over exactly the app services, on the port the image listens on.
  const upstream = [...read("ops/load-balancer/nginx.conf").matchAll(/^\s*server (\S+):(\d+)/gm)];
  expect(upstream.map((m) => m[1]).sort()).toEqual([...appServices].sort());
  for (const m of upstream) expect(m[2]).toBe(imageEnv.PORT);
});

// ---- instance B --------------------------------------------------------------------------------

let instanceB: ChildProcess | null = null;
let aUrl = "";
let bUrl = "";
let db: pg.Client;
const sql = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await db.query(text, values)).rows as T[];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** An API client of one instance, optionally carrying cookies another instance issued. */
const client = (baseURL: string, cookie?: string) =>
  requests.newContext({ baseURL, extraHTTPHeaders: cookie ? { cookie } : {} });

async function cookieHeader(context: APIRequestContext): Promise<string> {
  const { cookies } = await context.storageState();
  return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
}

/** An order for a customer with a phone of their own (the SMS gateway tells customers apart by it). */
async function putOrder(api: APIRequestContext, orderNo: string, phone: string, amount: string) {
  const response = await api.put(`/api/v1/orders/${orderNo}`, {
    headers: shopAuth,
    data: {
      customer: { externalId: `CU-${orderNo}`, name: "周敏", region: "上海", phone },
      items: [{ sku: `SKU-${orderNo}`, name: "海南贵妃芒 1kg", quantity: 1, unitPrice: amount }],
      amount,
      status: "delivered",
      placedAt: new Date(Date.now() - 86_400_000).toISOString(),
    },
  });
  expect(response.status(), await response.text()).toBe(201);
}

async function fileComplaint(api: APIRequestContext, orderNo: string, category: string, images: string[] = []) {
  const response = await api.post("/api/v1/complaints", {
    headers: { ...shopAuth, "idempotency-key": `two-instances-${orderNo}` },
    data: { orderNo, category, description: category === "product.quality" ? "芒果烂了一半" : "缺货了", images },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()) as { id: string; status: string };
}

test.describe("instance B, the standalone server, beside the suite's own", () => {
  test.beforeAll(async ({}, testInfo) => {
    testInfo.setTimeout(90_000);
    aUrl = testInfo.project.use.baseURL!;
    const dataDir = process.env.E2E_DATA_DIR!;
    const ownerUrl = await runningEmbeddedPostgres(dataDir);
    if (!ownerUrl) throw new Error("the e2e server's database is not running");
    db = new pg.Client({ connectionString: ownerUrl });
    await db.connect();

    if (!existsSync(join(STANDALONE, "server.js")))
      throw new Error('no .next/standalone/server.js: the build must run with output: "standalone" (next.config.ts)');
    const buildId = (dir: string) => readFileSync(join(dir, ".next", "BUILD_ID"), "utf8");
    expect(buildId(STANDALONE), "the standalone output belongs to the current build").toBe(buildId(ROOT));
    // What the Dockerfile copies beside server.js (Next leaves them out of the standalone folder).
    cpSync(join(ROOT, ".next", "static"), join(STANDALONE, ".next", "static"), { recursive: true });
    cpSync(join(ROOT, "public"), join(STANDALONE, "public"), { recursive: true });

    // As the container's migrate job would; the instance then connects as the app's own role.
    const secrets = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as Record<string, string>;
    const { appUrl } = await prepareDatabase({ ownerUrl, appPassword: secrets.DATABASE_APP_PASSWORD! });

    const port = await freePort();
    bUrl = `http://127.0.0.1:${port}`;
    const log = createWriteStream(testInfo.outputPath("instance-b.log"));
    // A's settings (the suite's webServer env), A's secrets, its own port.
    const child = spawn(process.execPath, [join(STANDALONE, "server.js")], {
      env: {
        PATH: process.env.PATH,
        ...testInfo.config.webServer?.env,
        H5_LINK_SECRET: secrets.H5_LINK_SECRET,
        NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
        FIELD_ENCRYPTION_KEY: secrets.FIELD_ENCRYPTION_KEY,
        KESU_ENGINE_SECRET: secrets.KESU_ENGINE_SECRET,
        DATABASE_URL: appUrl,
        DATA_DIR: dataDir,
        APP_URL: aUrl,
        NEXTAUTH_URL: aUrl,
        PORT: String(port),
        HOSTNAME: "127.0.0.1",
        NODE_ENV: "production", // what server.js sets itself, as `next start` does for A
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    instanceB = child;
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    for (let attempt = 0; attempt < 120 && child.exitCode === null; attempt += 1) {
      const ok = await fetch(`${bUrl}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(
      `instance B did not start (exit code ${child.exitCode}); see ${testInfo.outputPath("instance-b.log")}`,
    );
  });

  test.afterAll(async () => {
    const child = instanceB;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await db?.end();
  });

  test("the standalone server answers /api/health and serves pages with their static files", async () => {
    const b = await client(bUrl);
    const health = await b.get("/api/health");
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    for (const path of ["/admin/sign-in", "/h5"]) {
      const page = await b.get(path);
      expect(page.status(), path).toBe(200);
      expect(page.headers()["content-type"]).toContain("text/html");
      const html = await page.text();
      expect(html).toContain("<html");
      const script = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
      expect(script, `${path} loads Next's scripts`).toBeTruthy();
      expect((await b.get(script!)).status(), script).toBe(200);
    }
    expect((await b.get("/robots.txt")).status(), "public/ is served").toBe(200);
    await b.dispose();
  });

  test("one workflow engine leads across both instances", async () => {
    // Both run the embedded engine (same settings); the standby polls every 2 s and must stay standby.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const [{ leaders }] = await sql<{ leaders: number }>(
      `SELECT count(*)::int AS leaders FROM pg_locks l JOIN pg_stat_activity a USING (pid)
       WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = 'kesu-engine-leader'`,
    );
    expect(leaders).toBe(1);
  });

  test("a staff session and a customer's H5 session opened on one instance are valid on the other", async () => {
    for (const [from, to] of [
      [aUrl, bUrl],
      [bUrl, aUrl],
    ]) {
      const signedIn = await client(from);
      await signInStaff(signedIn, "supervisor@kesu.demo");
      const other = await client(to, await cookieHeader(signedIn));
      expect((await other.get("/admin/complaints", { maxRedirects: 0 })).status(), `${from} → ${to}`).toBe(200);
      const anonymous = await client(to);
      const refused = await anonymous.get("/admin/complaints", { maxRedirects: 0 });
      expect(refused.status()).toBe(307);
      expect(refused.headers().location).toContain("/admin/sign-in");
      await Promise.all([signedIn.dispose(), other.dispose(), anonymous.dispose()]);
    }

    const orderNo = `SO-2I-${run}-H5`;
    const customer = await client(aUrl);
    await putOrder(customer, orderNo, "13900000010", "66.00");
    expect((await customer.get(await h5Link(customer, orderNo))).status()).toBe(200);
    const onB = await client(bUrl, await cookieHeader(customer));
    const portal = await onB.get("/h5");
    expect(portal.status()).toBe(200);
    expect(await portal.text()).toContain(orderNo);
    const stranger = await client(bUrl);
    expect(await (await stranger.get("/h5")).text()).not.toContain(orderNo);
    await Promise.all([customer.dispose(), onB.dispose(), stranger.dispose()]);
  });

  test("rate limits count the hits on both instances together", async () => {
    // Five wrong passwords per account and address in 15 minutes (sign_in_account_ip), spread over
    // both instances: the sixth is refused wherever it arrives. A documentation address of its own
    // keeps this from touching the limits the rest of the suite signs in under.
    const email = `nobody-${run.toLowerCase()}@kesu.demo`;
    const address = { "x-forwarded-for": `198.51.100.${(Date.now() % 200) + 20}` };
    const attempt = async (baseURL: string) => {
      const api = await client(baseURL);
      const { csrfToken } = await (await api.get("/api/auth/csrf")).json();
      const response = await api.post("/api/auth/callback/credentials", {
        headers: address,
        form: { csrfToken, email, password: "wrong-password", json: "true" },
      });
      const { url } = (await response.json()) as { url: string };
      await api.dispose();
      return new URL(url).searchParams.get("error");
    };
    for (let i = 0; i < 5; i += 1)
      expect(await attempt(i % 2 === 0 ? aUrl : bUrl), `attempt ${i + 1}`).toBe("CredentialsSignin");
    expect(await attempt(bUrl)).toBe("rate_limited");
    expect(await attempt(aUrl)).toBe("rate_limited");
  });

  test("a photo stored through one instance is served by the other", async () => {
    // A customer's photo, uploaded through B, shown to the same customer by A.
    const orderNo = `SO-2I-${run}-PH`;
    const customer = await client(aUrl);
    await putOrder(customer, orderNo, "13900000011", "66.00");
    expect((await customer.get(await h5Link(customer, orderNo))).status()).toBe(200);
    const onB = await client(bUrl, await cookieHeader(customer));
    const uploaded = await onB.post("/h5/uploads", {
      multipart: { file: { name: "p.png", mimeType: "image/png", buffer: PNG_1x1 } },
      headers: { origin: bUrl },
    });
    expect(uploaded.status(), await uploaded.text()).toBe(201);
    const { id } = await uploaded.json();
    const shown = await customer.get(`/api/files/${id}`);
    expect(shown.status()).toBe(200);
    expect(Buffer.from(await shown.body()).equals(PNG_1x1)).toBe(true);

    // A shop photo uploaded through A, attached by a complaint filed through B, seen by staff on B.
    const shopOrder = `SO-2I-${run}-PS`;
    const shopA = await client(aUrl);
    const shopB = await client(bUrl);
    await putOrder(shopA, shopOrder, "13900000012", "66.00");
    const photo = await shopA.post("/api/v1/uploads", {
      headers: shopAuth,
      multipart: { file: { name: "p.png", mimeType: "image/png", buffer: PNG_1x1 } },
    });
    expect(photo.status()).toBe(201);
    const photoId = (await photo.json()).id as string;
    await fileComplaint(shopB, shopOrder, "product.quality", [photoId]);
    const staff = await client(bUrl);
    await signInStaff(staff, "admin@kesu.demo");
    const seen = await staff.get(`/api/files/${photoId}`);
    expect(seen.status()).toBe(200);
    expect(Buffer.from(await seen.body()).equals(PNG_1x1)).toBe(true);
    await Promise.all([customer, onB, shopA, shopB, staff].map((c) => c.dispose()));
  });

  test("complaints filed on both instances: each event relayed once, each workflow run once, each customer told once", async ({
    browser,
  }) => {
    test.setTimeout(120_000);
    // A local SMS gateway, told customers' results (topic complaint_result) through a channel set up on B.
    const sms: { to: string; text: string }[] = [];
    const gateway: Server = createHttpServer((request, response) => {
      let body = "";
      request.on("data", (chunk) => (body += chunk));
      request.on("end", () => {
        sms.push(JSON.parse(body));
        response.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((resolve) => gateway.listen(0, "127.0.0.1", resolve));
    const channelName = `短信网关 ${run}`;
    const admin = await browser.newContext({ ...DESKTOP, locale: "zh-CN", timezoneId: "Asia/Shanghai", baseURL: bUrl });
    try {
      const page = await admin.newPage();
      await signInStaff(page.request, "admin@kesu.demo");
      await page.goto("/admin/settings/channels");
      const form = page.getByTestId("channel-form-new");
      await form.locator("select[name=kind]").selectOption("sms");
      await form.locator("input[name=name]").fill(channelName);
      await form.locator("input[name='config.driver']").fill("http");
      await form
        .locator("input[name='config.url']")
        .fill(`http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`);
      await form.locator("input[name=topics][value=complaint_result]").check();
      await form.getByRole("button", { name: "保存" }).click();
      await expect(page.getByTestId("channel").filter({ hasText: channelName })).toBeVisible();

      // Orders put and complaints filed alternately through A and B; out of stock under ¥50 is
      // resolved (refunded) at intake, which starts the customer's result notice.
      const [{ since }] = await sql<{ since: Date }>(`SELECT now() AS since`);
      const phone = `139${String(Date.now()).slice(-8)}`;
      const apis = [await client(aUrl), await client(bUrl)];
      const filed: { id: string; status: string; resolved: boolean }[] = [];
      for (let i = 0; i < 6; i += 1) {
        const resolved = i >= 2;
        const orderNo = `SO-2I-${run}-${i}`;
        await putOrder(apis[(i + 1) % 2]!, orderNo, phone, resolved ? "19.90" : "88.00");
        const complaint = await fileComplaint(
          apis[i % 2]!,
          orderNo,
          resolved ? "product.out_of_stock" : "product.quality",
        );
        filed.push({ ...complaint, resolved });
      }
      expect(filed.filter((c) => c.resolved).map((c) => c.status)).toEqual([
        "resolved",
        "resolved",
        "resolved",
        "resolved",
      ]);
      const ids = filed.map((c) => c.id);
      const resolvedIds = filed.filter((c) => c.resolved).map((c) => c.id);

      // Everything written since has been relayed and routed, and every notice has gone out.
      await expect
        .poll(
          async () => {
            const [state] = await sql<{ unsent: number; unrouted: number }>(
              `SELECT (SELECT count(*)::int FROM outbox_events WHERE created_at >= $1 AND sent_at IS NULL) AS unsent,
                      (SELECT count(*)::int FROM engine_events WHERE received_at >= $1 AND processed_at IS NULL) AS unrouted`,
              [since],
            );
            return { ...state, told: sms.filter((m) => m.to === phone).length };
          },
          { timeout: 60_000, intervals: [500] },
        )
        .toEqual({ unsent: 0, unrouted: 0, told: resolvedIds.length });
      // Long enough for a second relay, a second leader or a repeated step to show itself.
      await new Promise((resolve) => setTimeout(resolve, 3_000));

      // Each outbox event was sent once and stored once by the engine.
      const relayed = await sql<{ id: string; attempts: number; stored: number }>(
        `SELECT o.id::text, o.attempts, (SELECT count(*)::int FROM engine_events e WHERE e.id = 'kesu-outbox-' || o.id) AS stored
         FROM outbox_events o WHERE o.created_at >= $1`,
        [since],
      );
      expect(relayed.length).toBeGreaterThanOrEqual(ids.length);
      expect(relayed.filter((r) => r.attempts !== 1 || r.stored !== 1)).toEqual([]);
      // Each function ran once per event that triggered it.
      const doubled = await sql(
        `SELECT function_id, event->>'id' AS event_id, count(*)::int AS runs FROM engine_runs
         WHERE created_at >= $1 AND replay_of IS NULL GROUP BY 1, 2 HAVING count(*) > 1`,
        [since],
      );
      expect(doubled).toEqual([]);
      const runs = await sql<{ complaint_id: string; function_id: string; runs: number }>(
        `SELECT event->'data'->>'complaintId' AS complaint_id, function_id, count(*)::int AS runs FROM engine_runs
         WHERE event->'data'->>'complaintId' = ANY($1::text[]) AND replay_of IS NULL GROUP BY 1, 2`,
        [ids],
      );
      for (const complaint of filed) {
        const mine = Object.fromEntries(
          runs.filter((r) => r.complaint_id === complaint.id).map((r) => [r.function_id, r.runs]),
        );
        // Resolved at intake: no first-response timer, the satisfaction loop instead.
        expect(mine, complaint.id).toEqual(
          complaint.resolved
            ? { "kesu-smart-alerts": 1, "kesu-satisfaction-loop": 1 }
            : { "kesu-smart-alerts": 1, "kesu-sla-timer": 1 },
        );
      }
      // One refund per resolved complaint, one notice each — recorded once, sent once.
      const refunds = await sql<{ complaint_id: string; n: number }>(
        `SELECT complaint_id::text, count(*)::int AS n FROM compensations WHERE complaint_id = ANY($1::uuid[]) GROUP BY 1`,
        [resolvedIds],
      );
      expect(refunds.map((r) => r.n)).toEqual(resolvedIds.map(() => 1));
      const deliveries = await sql<{ complaint_id: string; status: string; attempts: number }>(
        `SELECT d.complaint_id::text, d.status::text, d.attempts FROM notification_deliveries d
         JOIN notification_channels c ON c.id = d.channel_id WHERE c.name = $1 ORDER BY d.created_at`,
        [channelName],
      );
      expect(deliveries.map((d) => d.complaint_id).sort()).toEqual([...resolvedIds].sort());
      expect(deliveries.every((d) => d.status === "sent" && d.attempts === 1)).toBe(true);
      expect(sms.filter((m) => m.to === phone)).toHaveLength(resolvedIds.length);
      await Promise.all(apis.map((api) => api.dispose()));
    } finally {
      // Later specs run their own gateways: this channel must not keep sending to a closed one.
      await sql(`UPDATE notification_channels SET enabled = false WHERE name = $1`, [channelName]);
      await admin.close();
      await new Promise((resolve) => gateway.close(resolve));
    }
  });
});
