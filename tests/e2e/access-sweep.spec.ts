import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, request as requests, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import pg from "pg";
import { can, STAFF_ROLES } from "../../lib/auth/permissions";
import { runningEmbeddedPostgres } from "../../tools/db/running-postgres";
import type { StaffRole } from "../../lib/generated/prisma/enums";
import {
  ACTIONS,
  actionEntries,
  pageEntries,
  ROUTES,
  routeEntries,
  urlPattern,
  type Access,
  type ActionFile,
  type HttpMethod,
  type PageFile,
  type RouteFile,
} from "../support/access-map";
import { E2E_API_KEY } from "./constants";
import { h5Link, PNG_1x1, putOrder, signInStaff } from "./support";

/**
 * The access map (tests/support/access-map.ts) against the production build: every page, every
 * route handler method and every server action, called as an anonymous visitor, as each staff
 * role, as a staff member whose groups do not include the complaint's, and as two H5 customers.
 * Each answer is what the map says (can(role, permission) for staff) and nothing else; never a 5xx.
 *
 * Server actions are called the way Next's client calls them: a POST to a page that uses the
 * action, the action's id (from the build's server-reference manifest) in `Next-Action`, the
 * arguments encoded as React's encodeReply does. Next answers 200 with the action's return value
 * in the RSC payload whatever our code decided, so the outcome is read from the returned
 * FormState's message (mapped back to its error code), and the complaints it targets are compared
 * in the database before and after.
 *
 * The demo staff belong to every group. For "another group", the demo agent and expert leave the
 * service group for the length of this file (restored afterwards) and a service complaint is
 * their target.
 */

const run = Date.now().toString(36).toUpperCase();
const ORDER_P = `E2ESWP${run}`; // a product complaint every role may see
const ORDER_A = `E2ESWA${run}`; // customer A's order: a service complaint (S) with a photo, an out-of-stock one (R)
const ORDER_B = `E2ESWB${run}`; // customer B's order
const SECRET_TEXT = `SWEEP-${run} 客服态度很差`;
const OUTSIDERS = ["agent", "expert"] as const satisfies readonly StaffRole[];
const RANDOM = "00000000-0000-4000-8000-00000000abcd";
const shopAuth = { authorization: `Bearer ${E2E_API_KEY}` };

type Fixtures = { P: string; S: string; R: string; photoP: string; photoS: string; couponS: string };
const f = {} as Fixtures;

type Caller = "anonymous" | StaffRole | "customerA" | "customerB";
const callers = {} as Record<Caller, APIRequestContext>;
let db: pg.Client;
let baseURL: string;

// ---- fixtures -----------------------------------------------------------------------------------

async function uploadPhoto(request: APIRequestContext): Promise<string> {
  const response = await request.post("/api/v1/uploads", {
    headers: shopAuth,
    multipart: { file: { name: "p.png", mimeType: "image/png", buffer: PNG_1x1 } },
  });
  expect(response.status()).toBe(201);
  return (await response.json()).id;
}

async function complaint(
  request: APIRequestContext,
  orderNo: string,
  category: string,
  description: string,
  images: string[] = [],
): Promise<string> {
  const response = await request.post("/api/v1/complaints", {
    headers: { ...shopAuth, "idempotency-key": `sweep-${orderNo}-${category}` },
    data: { orderNo, category, description, images },
  });
  expect(response.status(), await response.text()).toBe(201);
  return (await response.json()).id;
}

async function newContext(): Promise<APIRequestContext> {
  return requests.newContext({ baseURL, extraHTTPHeaders: { "accept-language": "zh-CN" } });
}

/** A customer's own browser: the shop's link for their order, opened once (links are single use). */
async function customer(orderNo: string): Promise<APIRequestContext> {
  const context = await newContext();
  const response = await context.get(await h5Link(context, orderNo));
  expect(response.status(), `H5 link for ${orderNo}`).toBe(200);
  expect(new URL(response.url()).pathname).toMatch(/^\/h5\//);
  return context;
}

const sql = async <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await db.query(text, values)).rows as T[];

/** What a refused call could have changed about a complaint. */
async function complaintState(id: string) {
  const [row] = await sql(
    `SELECT status, version, assignee_id, escalation_level, updated_at::text AS updated_at FROM complaints WHERE id = $1`,
    [id],
  );
  const [{ events }] = await sql<{ events: string }>(
    `SELECT count(*)::text AS events FROM complaint_events WHERE complaint_id = $1`,
    [id],
  );
  const compensations = await sql(`SELECT id, status FROM compensations WHERE complaint_id = $1 ORDER BY id`, [id]);
  const [{ reviews }] = await sql<{ reviews: string }>(
    `SELECT count(*)::text AS reviews FROM qa_reviews WHERE complaint_id = $1`,
    [id],
  );
  return { row, events, compensations, reviews };
}
const allStates = async () => ({
  P: await complaintState(f.P),
  S: await complaintState(f.S),
  R: (await complaintState(f.R)).compensations,
});

const SERVICE_MEMBERSHIP = `FROM staff_users s, handling_groups g WHERE s.email IN ('agent@kesu.demo', 'expert@kesu.demo') AND g.code = 'service'`;

test.beforeAll(async ({ request }, info) => {
  test.setTimeout(120_000);
  baseURL = info.project.use.baseURL!;
  const url = await runningEmbeddedPostgres(process.env.E2E_DATA_DIR!);
  if (!url) throw new Error("the e2e server's database is not running");
  db = new pg.Client({ connectionString: url });
  await db.connect();

  await putOrder(request, ORDER_P, { externalId: `SWP-${run}`, name: "权限甲" }, "66.00");
  await putOrder(request, ORDER_A, { externalId: `SWA-${run}`, name: "客户甲" }, "30.00");
  await putOrder(request, ORDER_B, { externalId: `SWB-${run}`, name: "客户乙" }, "40.00");
  f.photoP = await uploadPhoto(request);
  f.photoS = await uploadPhoto(request);
  f.P = await complaint(request, ORDER_P, "product.quality", "权限扫描用的投诉", [f.photoP]);
  f.S = await complaint(request, ORDER_A, "service.attitude", SECRET_TEXT, [f.photoS]);
  // Out of stock under ¥50: refunded at intake (its confirmation loop runs on by itself, so only
  // its compensations are compared below).
  f.R = await complaint(request, ORDER_A, "product.out_of_stock", "缺货了");
  // An offered coupon on S, as a resolution would leave it: something of A's that B could try to claim.
  [{ id: f.couponS }] = await sql<{ id: string }>(
    `INSERT INTO compensations (id, complaint_id, order_id, type, amount, status, idempotency_key, valid_until)
     SELECT gen_random_uuid(), c.id, c.order_id, 'coupon', 10, 'offered', 'sweep-coupon-' || c.id, now() + interval '7 days' FROM complaints c WHERE c.id = $1 RETURNING id`,
    [f.S],
  );
  expect(
    (
      await sql<{ code: string }>(
        `SELECT g.code FROM complaints c JOIN handling_groups g ON g.id = c.group_id WHERE c.id = $1`,
        [f.S],
      )
    )[0]!.code,
  ).toBe("service");
  await sql(
    `DELETE FROM staff_group_members m USING staff_users s, handling_groups g WHERE m.staff_id = s.id AND m.group_id = g.id AND s.email IN ('agent@kesu.demo', 'expert@kesu.demo') AND g.code = 'service'`,
  );

  callers.anonymous = await newContext();
  for (const role of STAFF_ROLES) {
    callers[role] = await newContext();
    await signInStaff(callers[role], `${role}@kesu.demo`);
  }
  callers.customerA = await customer(ORDER_A);
  callers.customerB = await customer(ORDER_B);
});

test.afterAll(async () => {
  await sql(
    `INSERT INTO staff_group_members (staff_id, group_id) SELECT s.id, g.id ${SERVICE_MEMBERSHIP} ON CONFLICT DO NOTHING`,
  ).catch(() => undefined);
  for (const context of Object.values(callers)) await context.dispose();
  await db?.end();
});

const ALL_CALLERS: Caller[] = ["anonymous", ...STAFF_ROLES, "customerA", "customerB"];
const isStaff = (caller: Caller): caller is StaffRole => (STAFF_ROLES as readonly string[]).includes(caller);
const isOutsider = (caller: Caller) => (OUTSIDERS as readonly string[]).includes(caller);

function expectNo5xx(response: APIResponse, what: string) {
  expect(response.status(), `${what}: no server error`).toBeLessThan(500);
}

const path = (response: APIResponse) => new URL(response.url()).pathname;

// ---- pages --------------------------------------------------------------------------------------

/** Each page's URL with its parameters filled in: typed by the map, so a new page needs one. */
const PAGE_URLS: Record<PageFile, () => string> = {
  "app/(admin)/admin/(workspace)/page.tsx": () => "/admin",
  "app/(admin)/admin/(workspace)/alerts/page.tsx": () => "/admin/alerts",
  "app/(admin)/admin/(workspace)/audit/page.tsx": () => "/admin/audit",
  "app/(admin)/admin/(workspace)/callbacks/page.tsx": () => "/admin/callbacks",
  "app/(admin)/admin/(workspace)/experiments/page.tsx": () => "/admin/experiments",
  "app/(admin)/admin/(workspace)/experiments/[id]/page.tsx": () => `/admin/experiments/${RANDOM}`,
  "app/(admin)/admin/(workspace)/plans/page.tsx": () => "/admin/plans",
  "app/(admin)/admin/(workspace)/plans/[id]/page.tsx": () => `/admin/plans/${RANDOM}`,
  "app/(admin)/admin/(workspace)/risk/page.tsx": () => "/admin/risk",
  "app/(admin)/admin/(workspace)/complaints/page.tsx": () => "/admin/complaints",
  "app/(admin)/admin/(workspace)/complaints/[id]/page.tsx": () => `/admin/complaints/${f.P}`,
  "app/(admin)/admin/(workspace)/knowledge/page.tsx": () => "/admin/knowledge",
  "app/(admin)/admin/(workspace)/knowledge/faq/page.tsx": () => "/admin/knowledge/faq",
  "app/(admin)/admin/(workspace)/knowledge/templates/page.tsx": () => "/admin/knowledge/templates",
  "app/(admin)/admin/(workspace)/outbox/page.tsx": () => "/admin/outbox",
  "app/(admin)/admin/(workspace)/qa/page.tsx": () => "/admin/qa",
  "app/(admin)/admin/(workspace)/reports/page.tsx": () => "/admin/reports",
  "app/(admin)/admin/(workspace)/settings/page.tsx": () => "/admin/settings",
  "app/(admin)/admin/(workspace)/settings/channels/page.tsx": () => "/admin/settings/channels",
  "app/(admin)/admin/(workspace)/settings/limits/page.tsx": () => "/admin/settings/limits",
  "app/(admin)/admin/(workspace)/settings/sla/page.tsx": () => "/admin/settings/sla",
  "app/(admin)/admin/(workspace)/settings/team/page.tsx": () => "/admin/settings/team",
  "app/(admin)/admin/(workspace)/settings/rules/page.tsx": () => "/admin/settings/rules",
  "app/(admin)/admin/(workspace)/suggestions/page.tsx": () => "/admin/suggestions",
  "app/(admin)/admin/(workspace)/ratings/page.tsx": () => "/admin/ratings?region=%E4%B8%8A%E6%B5%B7",
  "app/(admin)/admin/(workspace)/workflows/page.tsx": () => "/admin/workflows",
  // No such run: the permission answers first (403), then "not found" for those who may look.
  "app/(admin)/admin/(workspace)/workflows/[runId]/page.tsx": () => `/admin/workflows/${RANDOM}`,
  "app/(admin)/admin/sign-in/page.tsx": () => "/admin/sign-in",
  "app/(admin)/admin/sign-in/set-password/page.tsx": () => "/admin/sign-in/set-password?t=not-a-live-link",
  "app/(h5)/h5/page.tsx": () => "/h5",
  "app/(h5)/h5/complaints/page.tsx": () => "/h5/complaints",
  "app/(h5)/h5/complaints/[id]/page.tsx": () => `/h5/complaints/${f.S}`,
  "app/(h5)/h5/orders/[orderNo]/new/page.tsx": () => `/h5/orders/${ORDER_A}/new`,
  "app/(h5)/h5/orders/[orderNo]/rate/page.tsx": () => `/h5/orders/${ORDER_A}/rate`,
  "app/(h5)/h5/suggestions/new/page.tsx": () => "/h5/suggestions/new",
  "app/(h5)/h5/switch/page.tsx": () => "/h5/switch",
  "app/page.tsx": () => "/",
};

const SIGNED_OUT = 'data-testid="signed-out"';

test.describe("every page answers each caller as the access map says", () => {
  test("the URL table covers the map", () => {
    expect(Object.keys(PAGE_URLS).sort()).toEqual(
      pageEntries()
        .map((e) => e.file)
        .sort(),
    );
  });

  for (const { file, access } of pageEntries()) {
    test(`page ${urlPattern(file)} (${describe(access)})`, async () => {
      const url = PAGE_URLS[file]();
      for (const caller of ALL_CALLERS) {
        const response = await callers[caller].get(url);
        const what = `${caller} GET ${url}`;
        expectNo5xx(response, what);
        const body = await response.text();
        await expectPage({ access, caller, url, response, body, what });
      }
      // A staff member outside the complaint's group: as if it did not exist.
      if (access.who === "staff" && access.scope === "complaint") {
        const other = url.replace(f.P, f.S);
        for (const role of OUTSIDERS)
          expect((await callers[role].get(other)).status(), `${role} GET ${other} (another group)`).toBe(404);
        expect((await callers.supervisor.get(other)).status(), "supervisor sees every group").toBe(200);
      }
    });
  }
});

async function expectPage({
  access,
  caller,
  url,
  response,
  body,
  what,
}: {
  access: Access;
  caller: Caller;
  url: string;
  response: APIResponse;
  body: string;
  what: string;
}) {
  switch (access.who) {
    case "staff": {
      if (!isStaff(caller)) {
        // No staff session (anonymous, or an H5 customer): the sign-in page, nothing else.
        expect(path(response), what).toBe("/admin/sign-in");
        return;
      }
      const allowed = can(caller, access.permission);
      // /admin is every staff member's home: without the dashboard it is the queue.
      if (access.permission === "page.dashboard" && !allowed)
        return expect(path(response), what).toBe("/admin/complaints");
      const missing = url.includes(RANDOM);
      // (The 403 page's content is rendered by the client: the status is what the server decided.)
      expect(response.status(), what).toBe(allowed ? (missing ? 404 : 200) : 403);
      if (!allowed) expect(body, what).not.toContain(SECRET_TEXT);
      return;
    }
    case "redirect": {
      const landed = path(response);
      if (access.to.startsWith("/admin") && !isStaff(caller)) return expect(landed, what).toBe("/admin/sign-in");
      expect(landed, what).toBe(access.to);
      return;
    }
    case "public":
      // The sign-in form; a signed-in staff member is sent on to the workspace.
      expect(response.status(), what).toBe(200);
      if (!isStaff(caller)) expect(body, what).toContain('name="email"');
      else expect(path(response), what).toMatch(/^\/admin/);
      return;
    case "signed":
      // /h5/switch without a pending link (the cookie /h5/enter sets): nothing to show.
      expect(response.status(), what).toBe(200);
      expect(body, what).toContain('data-testid="error-message"');
      expect(body, what).not.toContain(SECRET_TEXT);
      return;
    case "h5": {
      expect(body.includes(SECRET_TEXT) && caller !== "customerA", `${what}: customer A's complaint text`).toBe(false);
      if (caller !== "customerA" && caller !== "customerB") {
        expect(response.status(), what).toBe(200);
        expect(body, what).toContain(SIGNED_OUT);
        return;
      }
      if (caller === "customerA") {
        expect(response.status(), what).toBe(200);
        if (access.scope === "complaint" || url === "/h5/complaints") expect(body, what).toContain(SECRET_TEXT);
        if (access.scope === "order") expect(body, what).toContain('data-testid="order-summary"');
        return;
      }
      // Customer B, on A's pages.
      if (access.scope === "complaint") expect(response.status(), what).toBe(404);
      else if (access.scope === "order") {
        // (The order number is in the page's own URL, and so in its payload: look for the summary.)
        expect(body, what).toContain('data-testid="error-message"');
        expect(body, what).not.toContain('data-testid="order-summary"');
      } else {
        expect(response.status(), what).toBe(200);
        expect(body, what).not.toContain(ORDER_A);
      }
      return;
    }
    default:
      throw new Error(`no page expectation for ${describe(access)}`);
  }
}

// ---- route handlers -----------------------------------------------------------------------------

type RouteCall = { url: () => string; body?: Parameters<APIRequestContext["fetch"]>[1] };
/** How to call each route handler method harmlessly: typed by the map, so a new route needs one. */
const ROUTE_CALLS: { [F in RouteFile]: Record<keyof (typeof ROUTES)[F], RouteCall> } = {
  "app/(admin)/admin/(workspace)/complaints/export/route.ts": {
    GET: { url: () => `/admin/complaints/export?format=csv&q=${encodeURIComponent(SECRET_TEXT)}` },
  },
  "app/(h5)/h5/complaints/[id]/marker/route.ts": { GET: { url: () => `/h5/complaints/${f.S}/marker` } },
  "app/(h5)/h5/enter/route.ts": {
    GET: { url: () => "/h5/enter?t=not-a-signed-link" },
    POST: {
      url: () => "/h5/enter",
      body: { form: { decision: "continue", jti: "forged" }, headers: { origin: "https://attacker.example" } },
    },
  },
  "app/(h5)/h5/faq-suggestions/route.ts": { GET: { url: () => "/h5/faq-suggestions?q=%E8%8A%92%E6%9E%9C" } },
  // Not an image: a customer gets past the session and is refused the file, nothing is stored.
  "app/(h5)/h5/uploads/route.ts": {
    POST: {
      url: () => "/h5/uploads",
      // Posted as our own page posts it, with its Origin (read when called: baseURL is set in beforeAll).
      get body() {
        return {
          multipart: { file: { name: "x.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") } },
          headers: { origin: baseURL },
        };
      },
    },
  },
  "app/api/auth/[...nextauth]/route.ts": {
    GET: { url: () => "/api/auth/providers" },
    POST: { url: () => "/api/auth/signout", body: { form: { csrfToken: "forged" } } },
  },
  "app/api/engine/e/[key]/route.ts": {
    POST: {
      url: () => "/api/engine/e/not-the-event-key",
      body: { data: [{ name: "kesu/complaint.created", data: {} }] },
    },
  },
  "app/api/files/[id]/route.ts": { GET: { url: () => `/api/files/${f.photoS}` } },
  "app/api/health/route.ts": { GET: { url: () => "/api/health" } },
  "app/api/inngest/route.ts": {
    GET: { url: () => "/api/inngest" },
    POST: {
      url: () => "/api/inngest?fnId=kesu-sla-timer&stepId=step",
      body: {
        data: {
          event: { name: "kesu/complaint.created", data: {} },
          events: [],
          steps: {},
          ctx: { run_id: "x", attempt: 0 },
        },
      },
    },
    PUT: { url: () => "/api/inngest" },
  },
  "app/api/metrics/route.ts": { GET: { url: () => "/api/metrics" } },
  "app/api/v1/complaints/[id]/route.ts": { GET: { url: () => `/api/v1/complaints/${f.S}` } },
  "app/api/v1/h5-links/route.ts": { POST: { url: () => "/api/v1/h5-links", body: { data: { orderNo: ORDER_A } } } },
  // No stars: refused as invalid after the key check, nothing recorded.
  "app/api/v1/ratings/route.ts": {
    POST: {
      url: () => "/api/v1/ratings",
      body: { data: { orderNo: ORDER_A }, headers: { "idempotency-key": `sweep-rating-${run}` } },
    },
  },
  "app/api/v1/orders/[orderNo]/route.ts": {
    PUT: { url: () => `/api/v1/orders/${ORDER_A}`, body: { data: {} } },
    PATCH: { url: () => `/api/v1/orders/${ORDER_A}`, body: { data: {} } },
  },
  "app/api/v1/uploads/route.ts": {
    POST: {
      url: () => "/api/v1/uploads",
      body: { multipart: { file: { name: "p.png", mimeType: "image/png", buffer: PNG_1x1 } } },
    },
  },
  "pages/api/v1/complaints.ts": {
    POST: {
      url: () => "/api/v1/complaints",
      body: {
        data: { orderNo: ORDER_A, category: "product.quality", description: "x" },
        headers: { "idempotency-key": `sweep-anon-${run}` },
      },
    },
  },
  // A description too short to file: a customer gets past the session and the Origin and is refused as invalid, nothing filed.
  "pages/api/h5/complaints.ts": {
    POST: {
      url: () => "/api/h5/complaints",
      get body() {
        return {
          data: { orderNo: ORDER_A, category: "product.quality", description: "", submissionId: randomUUID() },
          headers: { origin: baseURL },
        };
      },
    },
  },
  // No UPLOADTHING_TOKEN in the e2e run: the route is not there (404) for anyone.
  "app/api/uploadthing/route.ts": {
    GET: { url: () => "/api/uploadthing" },
    POST: { url: () => "/api/uploadthing?actionType=upload&slug=photo", body: { data: { files: [] } } },
  },
  "app/api/v1/widget-sessions/route.ts": {
    POST: { url: () => "/api/v1/widget-sessions", body: { data: { customerId: `SWA-${run}`, orderNo: ORDER_A } } },
  },
  "app/l/[token]/route.ts": { GET: { url: () => "/l/not-a-signed-token" } },
  "app/widget.js/route.ts": { GET: { url: () => "/widget.js" } },
};

test.describe("every route handler answers each caller as the access map says", () => {
  test("the call table covers the map", () => {
    const table = Object.entries(ROUTE_CALLS).flatMap(([file, methods]) =>
      Object.keys(methods).map((m) => `${m} ${file}`),
    );
    expect(table.sort()).toEqual(
      routeEntries()
        .map((e) => `${e.method} ${e.file}`)
        .sort(),
    );
  });

  for (const { file, method, access } of routeEntries()) {
    test(`${method} ${urlPattern(file)} (${describe(access)})`, async () => {
      const call = (ROUTE_CALLS[file] as Record<string, RouteCall>)[method]!;
      const url = call.url();
      for (const caller of ALL_CALLERS) {
        const response = await callers[caller].fetch(url, { method, maxRedirects: 0, ...call.body });
        const what = `${caller} ${method} ${url}`;
        expectNo5xx(response, what);
        await expectRoute({ access, caller, method, response, what });
      }
      if (access.who === "staff_or_h5") {
        // The staff side of a photo: P's photo for every role (the permission decides), S's refused to another group.
        for (const role of STAFF_ROLES)
          expect((await callers[role].get(`/api/files/${f.photoP}`)).status(), `${role} P's photo`).toBe(
            can(role, access.permission) ? 200 : 403,
          );
        for (const role of OUTSIDERS)
          expect(
            (await callers[role].get(`/api/files/${f.photoS}`)).status(),
            `${role} S's photo (another group)`,
          ).toBe(404);
        expect(
          (await callers.customerA.get(`/api/files/${f.photoP}`)).status(),
          "customer A, someone else's photo",
        ).toBe(404);
      }
      if (access.who === "h5" && access.scope === "complaint") {
        expect(
          (await callers.customerA.get(`/h5/complaints/${f.P}/marker`)).status(),
          "customer A, someone else's complaint",
        ).toBe(404);
      }
    });
  }
});

async function expectRoute({
  access,
  caller,
  method,
  response,
  what,
}: {
  access: Access;
  caller: Caller;
  method: HttpMethod;
  response: APIResponse;
  what: string;
}) {
  const status = response.status();
  switch (access.who) {
    case "shop":
      // No bearer key from a browser session, staff or customer.
      expect(status, what).toBe(401);
      return;
    case "staff":
      if (!isStaff(caller)) {
        expect(status, what).toBe(307);
        expect(response.headers().location ?? "", what).toContain("/admin/sign-in");
        return;
      }
      expect(status, what).toBe(can(caller, access.permission) ? 200 : 403);
      return;
    case "h5":
      if (caller !== "customerA" && caller !== "customerB") return expect(status, what).toBe(401);
      if (access.scope === "complaint") return expect(status, what).toBe(caller === "customerA" ? 200 : 404);
      // The session is enough: a customer gets past it (an FAQ answer; a non-image refused as such).
      if (method === "GET") expect(status, what).toBe(200);
      else expect([411, 413, 415, 422], what).toContain(status);
      return;
    case "staff_or_h5":
      if (caller === "anonymous") return expect(status, what).toBe(401);
      if (caller === "customerA") return expect(status, what).toBe(200);
      if (caller === "customerB" || isOutsider(caller)) return expect(status, what).toBe(404);
      return expect(status, what).toBe(can(caller, access.permission) ? 200 : 403);
    case "public":
      // next-auth and the health check: the same for everyone, and never anyone else's data.
      expect(status, what).toBeLessThan(400);
      return;
    case "signed":
      expect(SIGNED_STATUS[access.by], what).toContain(status);
      return;
    default:
      throw new Error(`no route expectation for ${describe(access)}`);
  }
}

/** What a call without the entry point's own credential gets. */
const SIGNED_STATUS: Record<Extract<Access, { who: "signed" }>["by"], number[]> = {
  "h5-link": [400], // a tampered link
  uploadthing: [404], // not configured in the e2e run
  "h5-switch": [403], // a cross-origin form POST
  "workspace-link": [400],
  "engine-event-key": [401],
  "inngest-signature": [401], // the embedded engine runs the SDK in cloud mode: every unsigned call
  "metrics-token": [401],
  "staff-token": [400], // no route uses it; pages and actions answer with their own refusal
};

// ---- server actions -----------------------------------------------------------------------------

type Manifest = {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
};
let manifest: Manifest | undefined;
function actionId(file: string, name: string): { id: string; page: string } {
  manifest ??= JSON.parse(
    readFileSync(join(process.cwd(), ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as Manifest;
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === file && entry.exportedName === name,
  );
  if (!found) throw new Error(`${file}#${name} is not in the build's server-reference manifest: no page uses it`);
  // A page that uses the action (Next runs an action in the context of a page that imports it);
  // an H5 one when there is one, so that an action used on both sides is called past the staff-only request guard.
  const workers = Object.keys(found[1].workers).sort(
    (a, b) => Number(a.includes("(admin)")) - Number(b.includes("(admin)")) || a.localeCompare(b),
  );
  const worker = workers[0]!;
  return { id: found[0], page: fillPage(urlPattern(`${worker}.tsx`)) };
}

function fillPage(pattern: string): string {
  return pattern
    .replace("/admin/complaints/[id]", `/admin/complaints/${f.P}`)
    .replace("/h5/complaints/[id]", `/h5/complaints/${f.S}`)
    .replace("[orderNo]", ORDER_A)
    .replace("[runId]", RANDOM);
}

/** A call's arguments: form fields (as `(previousState, formData)`), or plain arguments. */
type ActionArgs = { form: Record<string, string | string[]> } | { args: unknown[] };

/**
 * React's encodeReply for these shapes: part "0" holds the argument list, a FormData argument is
 * "$K<n>" with its fields as parts "_<n>_<name>"; without a FormData the body is the JSON alone.
 * Part "0" goes last, as React sends it: the server decodes the stream as it arrives and reads a
 * FormData argument from the parts already received.
 */
function encodeArgs(call: ActionArgs): { multipart?: FormData; data?: string; contentType?: string } {
  if ("args" in call) return { data: JSON.stringify(call.args), contentType: "text/plain;charset=UTF-8" };
  const form = new FormData();
  for (const [name, value] of Object.entries(call.form))
    for (const v of ([] as string[]).concat(value)) form.append(`_1_${name}`, v);
  form.set("0", JSON.stringify([{}, "$K1"]));
  return { multipart: form };
}

const messages = ["zh-CN", "en", "es"].map(
  (locale) =>
    JSON.parse(readFileSync(join(process.cwd(), "lib", "i18n", "messages", `${locale}.json`), "utf8")) as {
      errors: Record<string, string>;
    },
);
const MESSAGE_CODES = messages
  .flatMap((m) => Object.entries(m.errors))
  .map(([code, text]) => ({
    code,
    pattern: new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\\\{\w+\\\}/g, ".*?")),
  }));

type ActionOutcome = "ok" | "sign-in redirect" | "no message" | string;

/** Calls a server action as Next's client does; the outcome is the error code of the message it returned, or ok. */
async function callAction(
  context: APIRequestContext,
  file: string,
  name: string,
  call: ActionArgs,
): Promise<ActionOutcome> {
  const { id, page } = actionId(file, name);
  const { multipart, data, contentType } = encodeArgs(call);
  const response = await context.post(page, {
    headers: {
      "next-action": id,
      accept: "text/x-component",
      origin: baseURL,
      ...(contentType ? { "content-type": contentType } : {}),
    },
    ...(multipart ? { multipart } : { data }),
    maxRedirects: 0,
  });
  const what = `${name} → POST ${page}`;
  expectNo5xx(response, what);
  if ([303, 307, 308].includes(response.status())) {
    expect(response.headers().location ?? "", what).toContain("/admin/sign-in");
    return "sign-in redirect";
  }
  expect(response.status(), what).toBe(200);
  const text = await response.text();
  // The action's return value is one line of the RSC payload: {"ok":true,…} or {"message":"…"}.
  if (/"ok":true/.test(text)) return "ok";
  const message = /"message":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1];
  if (message === undefined) return "no message";
  const decoded = JSON.parse(`"${message}"`) as string;
  return MESSAGE_CODES.find((m) => m.pattern.test(decoded))?.code ?? `unrecognised: ${decoded}`;
}

const randomForm = (fields: Record<string, string | string[]> = {}): ActionArgs => ({ form: fields });

/**
 * Each action's harmless call (nonexistent ids, invalid fields: those who may act get "not found"
 * or a validation error, never a change) and, for those working on one complaint or order, the
 * real call aimed at another group's / another customer's: typed by the map.
 */
type ActionCalls = { harmless: () => ActionArgs; aimed?: () => ActionArgs };
const ACTION_CALLS: { [F in ActionFile]: Record<keyof (typeof ACTIONS)[F], ActionCalls> } = {
  "app/(admin)/admin/(workspace)/alerts/actions.ts": {
    acknowledgeAlertAction: { harmless: () => randomForm({ alertId: RANDOM }) },
  },
  "app/(admin)/admin/(workspace)/callbacks/actions.ts": {
    completeCallbackAction: { harmless: () => randomForm({ taskId: RANDOM, outcome: "satisfied" }) },
  },
  "app/(admin)/admin/(workspace)/experiments/actions.ts": {
    // One arm only: refused by validation for those who may start one.
    createExperimentAction: {
      harmless: () =>
        randomForm({
          name: "sweep",
          variable: "reply_template",
          target: "x",
          metric: "csat",
          sharePercent: "50",
          minSamplePerArm: "100",
        }),
    },
    stopExperimentAction: { harmless: () => randomForm({ experimentId: RANDOM }) },
    shipExperimentAction: { harmless: () => randomForm({ experimentId: RANDOM, arm: "B" }) },
  },
  "app/(admin)/admin/(workspace)/plans/actions.ts": {
    // No metric: refused by validation for those who may make a plan.
    createPlanAction: {
      harmless: () => randomForm({ action: "sweep", ownerId: RANDOM, windowDays: "14", dueDay: "2099-01-01" }),
    },
  },
  "app/(admin)/admin/(workspace)/risk/actions.ts": {
    // An order that does not exist; a threshold out of range; a retraining without its confirmation word.
    markRiskContactedAction: { harmless: () => randomForm({ orderId: RANDOM }) },
    updateRiskWarningAction: { harmless: () => randomForm({ threshold: "5", expectedVersion: "0" }) },
    retrainRiskModelAction: { harmless: () => randomForm({}) },
  },
  "app/(admin)/admin/(workspace)/complaints/[id]/actions.ts": {
    claimAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0" }),
    },
    assignAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0", assigneeId: RANDOM }),
      aimed: () => randomForm({ complaintId: f.S, version: "0", assigneeId: RANDOM }),
    },
    replyAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0", text: "您好" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0", text: "您好" }),
    },
    noteAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0", text: "备注" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0", text: "备注" }),
    },
    requestInfoAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0", text: "请补充" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0", text: "请补充" }),
    },
    escalateAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0", reason: "升级" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0", reason: "升级" }),
    },
    resolveAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0", outcome: "explanation", note: "已说明" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0", outcome: "coupon", amount: "10", note: "补偿" }),
    },
    closeAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0" }),
    },
    reopenAction: {
      harmless: () => randomForm({ complaintId: RANDOM, version: "0", reason: "重开" }),
      aimed: () => randomForm({ complaintId: f.S, version: "0", reason: "重开" }),
    },
    qaReviewAction: {
      harmless: () => randomForm({ complaintId: RANDOM, comment: "ok", checks: "greeting" }),
      aimed: () => randomForm({ complaintId: f.S, comment: "ok", checks: "greeting" }),
    },
    revealContactAction: { harmless: () => ({ args: [RANDOM] }), aimed: () => ({ args: [f.S] }) },
    revokeH5SessionAction: {
      harmless: () => randomForm({ complaintId: RANDOM, sessionId: RANDOM }),
      aimed: () => randomForm({ complaintId: f.S, sessionId: RANDOM }),
    },
  },
  "app/(admin)/admin/(workspace)/knowledge/actions.ts": {
    saveFaqAction: { harmless: () => randomForm({}) },
    saveTemplateAction: { harmless: () => randomForm({}) },
    reviewCaseAction: { harmless: () => randomForm({ caseId: RANDOM, decision: "approved" }) },
  },
  "app/(admin)/admin/(workspace)/settings/channels/actions.ts": {
    saveChannelAction: { harmless: () => randomForm({}) },
    testChannelAction: { harmless: () => randomForm({ channelId: RANDOM }) },
    resendDeliveryAction: { harmless: () => randomForm({ deliveryId: RANDOM }) },
  },
  "app/(admin)/admin/(workspace)/settings/limits/actions.ts": {
    updateCompensationLimitsAction: { harmless: () => randomForm({}) },
    updateRateLimitsAction: { harmless: () => randomForm({}) },
    updateRatingSettingsAction: { harmless: () => randomForm({}) },
  },
  "app/(admin)/admin/(workspace)/settings/sla/actions.ts": {
    updateSlaPoliciesAction: { harmless: () => randomForm({}) },
    updateVipChannelAction: { harmless: () => randomForm({}) },
  },
  "app/(admin)/admin/(workspace)/suggestions/actions.ts": {
    acknowledgeSuggestionAction: { harmless: () => randomForm({ suggestionId: RANDOM }) },
    tagSuggestionAction: { harmless: () => randomForm({ suggestionId: RANDOM, tags: "packaging" }) },
    thankSuggestionAction: { harmless: () => randomForm({ suggestionId: RANDOM, thanks: "谢谢您的建议" }) },
  },
  // A preview writes nothing; this one's row is invalid, so an allowed call answers a field error.
  "app/(admin)/admin/(workspace)/settings/rules/actions.ts": {
    rulesAction: { harmless: () => randomForm({ intent: "preview", "r0.code": "sweep_rule", "r0.belowYuan": "x" }) },
  },
  "app/(admin)/admin/(workspace)/settings/team/actions.ts": {
    inviteStaffAction: { harmless: () => randomForm({}) },
    updateStaffAction: { harmless: () => randomForm({ id: RANDOM }) },
    resetPasswordAction: { harmless: () => randomForm({ id: RANDOM }) },
    setAccountManagerAction: { harmless: () => randomForm({ customerId: RANDOM, staffId: "" }) },
    // Invalid on purpose (no names): an allowed call answers a field error and changes nothing.
    createGroupAction: { harmless: () => randomForm({ code: "sweep_group" }) },
    updateGroupAction: { harmless: () => randomForm({ id: RANDOM }) },
  },
  "app/(admin)/admin/sign-in/set-password/actions.ts": {
    setPasswordAction: {
      harmless: () => randomForm({ token: "x".repeat(43), password: "long enough 123", confirm: "long enough 123" }),
    },
  },
  "app/(admin)/admin/(workspace)/workflows/actions.ts": {
    replayRunAction: { harmless: () => randomForm({ runId: RANDOM }) },
    cancelRunAction: { harmless: () => randomForm({ runId: RANDOM }) },
    runNowAction: { harmless: () => randomForm({ functionId: "kesu-no-such-function" }) },
  },
  "app/(h5)/h5/actions.ts": {
    // A's order from B's session; for A, a text too short (validation, nothing filed).
    submitSuggestionAction: {
      harmless: () => randomForm({ text: "", orderNo: ORDER_A, submissionId: randomUUID() }),
      aimed: () => randomForm({ text: "希望多一些有机蔬菜", orderNo: ORDER_A, submissionId: randomUUID() }),
    },
    // A's order from B's session; for A, no stars (validation, nothing recorded).
    submitRatingAction: {
      harmless: () => randomForm({ orderNo: ORDER_A, stars: "", submissionId: randomUUID() }),
      aimed: () => randomForm({ orderNo: ORDER_A, stars: "5", text: "想替别人评价", submissionId: randomUUID() }),
    },
    setLocaleAction: { harmless: () => ({ args: ["zh-CN"] }) },
    answerAction: {
      harmless: () => randomForm({ complaintId: RANDOM, text: "补充" }),
      aimed: () => randomForm({ complaintId: f.S, text: "补充" }),
    },
    confirmAction: {
      harmless: () => randomForm({ complaintId: RANDOM }),
      aimed: () => randomForm({ complaintId: f.S }),
    },
    rejectAction: {
      harmless: () => randomForm({ complaintId: RANDOM, reason: "不满意" }),
      aimed: () => randomForm({ complaintId: f.S, reason: "不满意" }),
    },
    claimCompensationAction: {
      harmless: () => randomForm({ complaintId: RANDOM, compensationId: RANDOM }),
      aimed: () => randomForm({ complaintId: f.S, compensationId: f.couponS }),
    },
    surveyAction: {
      harmless: () => randomForm({ complaintId: RANDOM, csat: "5" }),
      aimed: () => randomForm({ complaintId: f.S, csat: "1" }),
    },
    faqSolvedAction: {
      harmless: () => randomForm({ faqId: RANDOM }),
      aimed: () => randomForm({ faqId: RANDOM, orderNo: ORDER_A }),
    },
  },
};

/** What customer B gets, aiming an H5 action at customer A's complaint or order. */
const H5_REFUSALS: Record<string, string> = { complaint: "complaint_not_found", order: "order_out_of_scope" };

test.describe("every server action answers each caller as the access map says", () => {
  let before: Awaited<ReturnType<typeof allStates>>;
  test.beforeAll(async () => {
    before = await allStates();
  });

  test("the call table covers the map", () => {
    const table = Object.entries(ACTION_CALLS).flatMap(([file, actions]) =>
      Object.keys(actions).map((n) => `${file}#${n}`),
    );
    expect(table.sort()).toEqual(
      actionEntries()
        .map((e) => `${e.file}#${e.name}`)
        .sort(),
    );
  });

  for (const { file, name, access } of actionEntries()) {
    test(`action ${name} (${describe(access)})`, async () => {
      const calls = (ACTION_CALLS[file] as Record<string, ActionCalls>)[name]!;
      for (const caller of ALL_CALLERS) {
        const outcome = await callAction(callers[caller], file, name, calls.harmless());
        expectAction({ access, caller, outcome, what: `${caller} ${name}` });
      }
      if (!calls.aimed) return;
      if (access.who === "staff" && access.scope === "complaint") {
        // A real call on S, by roles holding the permission whose groups do not include S's.
        for (const role of OUTSIDERS) {
          const outcome = await callAction(callers[role], file, name, calls.aimed());
          expect(outcome, `${role} ${name} on another group's complaint`).toBe(
            can(role, access.permission) ? "complaint_not_found" : "forbidden",
          );
        }
      }
      if (access.who === "h5") {
        expect(
          await callAction(callers.customerB, file, name, calls.aimed()),
          `customer B ${name} on customer A's ${access.scope}`,
        ).toBe(name === "claimCompensationAction" ? "compensation_not_found" : H5_REFUSALS[access.scope]);
      }
      expect(await allStates(), `${name}: nothing changed`).toEqual(before);
    });
  }

  test("customer A gets past the scope that refused B (the refusals above are the scope's, not the payload's)", async () => {
    const h5 = "app/(h5)/h5/actions.ts" as const;
    const calls = ACTION_CALLS[h5];
    // S is new: confirming, rejecting, answering or rating it is refused by its state, not its owner.
    for (const name of ["answerAction", "confirmAction", "rejectAction", "surveyAction"] as const)
      expect(await callAction(callers.customerA, h5, name, calls[name].aimed!()), name).toBe("illegal_transition");
    expect(
      await callAction(callers.customerA, h5, "faqSolvedAction", calls.faqSolvedAction.aimed!()),
      "faqSolvedAction",
    ).toBe("not_found");
    expect(
      await callAction(callers.customerA, h5, "claimCompensationAction", calls.claimCompensationAction.aimed!()),
      "claimCompensationAction",
    ).toBe("ok");
    // And a supervisor, who sees every group, gets past the scope that refused the agent.
    expect(
      await callAction(callers.supervisor, "app/(admin)/admin/(workspace)/complaints/[id]/actions.ts", "noteAction", {
        form: { complaintId: f.S, version: "0", text: "主管备注" },
      }),
    ).toBe("ok");
  });
});

function expectAction({
  access,
  caller,
  outcome,
  what,
}: {
  access: Access;
  caller: Caller;
  outcome: ActionOutcome;
  what: string;
}) {
  switch (access.who) {
    case "staff":
      // Without a staff session the request guard sends the POST to sign-in before the action runs.
      if (!isStaff(caller)) return expect(outcome, what).toBe("sign-in redirect");
      if (!can(caller, access.permission)) return expect(outcome, what).toBe("forbidden");
      // Past the guard: the harmless call finds nothing or fails validation; never ok, never refused.
      expect(["ok", "forbidden", "sign_in_required", "sign-in redirect", "no message"], what).not.toContain(outcome);
      expect(outcome, what).not.toMatch(/^unrecognised/);
      return;
    case "h5":
      if (caller !== "customerA" && caller !== "customerB") return expect(outcome, what).toBe("session_required");
      expect(["ok", "session_required", "no message"], what).not.toContain(outcome);
      return;
    case "public":
      // setLocaleAction returns nothing.
      expect(outcome, what).toBe("no message");
      return;
    case "signed":
      // The one-time link is the only credential: without a live one, everyone is refused alike.
      expect(outcome, what).toBe("staff_token_invalid");
      return;
    default:
      throw new Error(`no action expectation for ${describe(access)}`);
  }
}

function describe(access: Access): string {
  if (access.who === "staff") return `staff ${access.permission}${access.scope ? " + group scope" : ""}`;
  if (access.who === "signed") return `signed: ${access.by}`;
  if (access.who === "h5") return `h5 ${access.scope}`;
  if (access.who === "redirect") return `redirect → ${access.to}`;
  if (access.who === "staff_or_h5") return `staff ${access.permission} + group scope, or h5 ${access.h5Scope}`;
  return access.who;
}
