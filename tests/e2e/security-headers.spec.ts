import { expect, test, type APIResponse, type Page } from "@playwright/test";
import { DESKTOP, E2E_STAFF_PASSWORD, h5Link, PNG_1x1, postComplaint, putOrder } from "./support";

const run = Date.now().toString(36).toUpperCase();
const order = `E2ESEC${run}`;
let complaintId = "";

test.beforeAll(async ({ request }) => {
  await putOrder(request, order, { externalId: `SEC-${run}`, name: "安全头" }, "66.00");
  complaintId = await postComplaint(request, order, "product.quality", "安全头测试用的投诉");
});

const nonceOf = (response: APIResponse) =>
  response.headers()["content-security-policy"]?.match(/script-src [^;]*'nonce-([^']+)'/)?.[1];

/** Every <script> tag of the HTML and its nonce attribute (the raw HTML keeps it; the DOM hides it). */
const scriptNonces = (html: string) =>
  [...html.matchAll(/<script\b[^>]*>/g)].map((tag) => tag[0].match(/\snonce="([^"]*)"/)?.[1] ?? null);

// `npm start` lets its demo shop (the next port up) frame the customer's pages, and only those.
const shopPort = Number(process.env.E2E_PORT ?? 3100) + 1;

function expectPageHeaders(response: APIResponse, { https = false } = {}) {
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'(;|$)/);
  expect(csp).toContain("object-src 'none'");
  if (new URL(response.url()).pathname.startsWith("/h5")) {
    expect(csp).toContain(`frame-ancestors http://localhost:${shopPort} http://127.0.0.1:${shopPort}`);
    expect(headers["x-frame-options"]).toBeUndefined();
  } else {
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers["x-frame-options"]).toBe("DENY");
  }
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  if (https) {
    expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(csp).toContain("upgrade-insecure-requests");
  } else {
    expect(headers["strict-transport-security"]).toBeUndefined();
    expect(csp).not.toContain("upgrade-insecure-requests");
  }
}

test("pages carry a per-request CSP whose nonce is on every one of Next's scripts", async ({ request }) => {
  const h5 = await request.get(await h5Link(request, order));
  expect(h5.url()).toMatch(new RegExp(`/h5/orders/${order}/new$`));
  for (const response of [await request.get("/admin/sign-in"), h5]) {
    expect(response.status()).toBe(200);
    expectPageHeaders(response);
    const nonce = nonceOf(response);
    const nonces = scriptNonces(await response.text());
    expect(nonces.length).toBeGreaterThan(3);
    expect(nonces.every((n) => n === nonce)).toBe(true);
  }
  // A fresh nonce per response.
  expect(nonceOf(await request.get("/admin/sign-in"))).not.toBe(nonceOf(await request.get("/admin/sign-in")));
});

test("HSTS only when the TLS proxy in front says https; redirects and API routes carry the headers too", async ({
  request,
}) => {
  expectPageHeaders(await request.get("/admin/sign-in", { headers: { "x-forwarded-proto": "https" } }), {
    https: true,
  });

  // The staff guard's redirect, and a route handler's redirect (the H5 link).
  const toSignIn = await request.get("/admin/complaints", { maxRedirects: 0 });
  expect(toSignIn.status()).toBe(307);
  expect(toSignIn.headers().location).toContain("/admin/sign-in");
  expectPageHeaders(toSignIn);
  const link = await request.get(await h5Link(request, order), { maxRedirects: 0 });
  expect([302, 303, 307]).toContain(link.status());
  expectPageHeaders(link);

  for (const path of ["/api/health", "/api/v1/orders/none"]) {
    const api = await request.get(path);
    expect(api.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(api.headers()["x-frame-options"]).toBe("DENY");
    expect(api.headers()["x-content-type-options"]).toBe("nosniff");
    expect(api.headers()["strict-transport-security"]).toBeUndefined();
  }
  const overHttps = await request.get("/api/health", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
});

/** Collects what the browser refused because of a policy header, from the console and the DOM event. */
function watchViolations(page: Page) {
  const violations: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (/Content Security Policy|Refused to|Permissions-Policy|Unrecognized feature/i.test(text))
      violations.push(`${page.url()}: ${text}`);
  });
  page.on("pageerror", (error) => violations.push(`${page.url()}: ${error.message}`));
  void page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) =>
      console.error(`Content Security Policy: ${event.violatedDirective} blocked ${event.blockedURI}`),
    );
  });
  return violations;
}

test("the browser runs every page under the policy without a violation: H5 form with photo previews, dashboard charts, staff pages", async ({
  page,
  browser,
}) => {
  test.setTimeout(120_000);
  // H5: the form hydrates, previews photos from blob: URLs, uploads each to /h5/uploads (fetch),
  // and files through a server action. Photos of almost 5 MB, the most a photo may be.
  const h5Violations = watchViolations(page);
  await page.goto(await h5Link(page.request, order));
  await page.getByRole("radio", { name: "质量问题" }).click();
  await page.getByLabel("问题描述").fill("三张大照片");
  await expect(page.getByTestId("description-counter")).toHaveText("5/300");
  const big = Buffer.concat([PNG_1x1, Buffer.alloc(4_900_000)]);
  const uploaded = page.waitForResponse((response) => new URL(response.url()).pathname === "/h5/uploads");
  await page
    .getByTestId("photo-input")
    .setInputFiles([1, 2, 3].map((n) => ({ name: `big-${n}.png`, mimeType: "image/png", buffer: big })));
  const previews = page.locator("img[src^='blob:']");
  await expect(previews).toHaveCount(3);
  await expect
    .poll(() => previews.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(1);
  // The upload route is no page: the static API headers, and proxy.ts (no nonce) stays out of it.
  const upload = await uploaded;
  expect(upload.status()).toBe(201);
  expect(await upload.headerValue("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
  await expect(page.getByTestId("photo-uploaded")).toHaveCount(3, { timeout: 30_000 });
  await page.getByRole("button", { name: "提交反馈" }).click();
  await expect(page).toHaveURL(/\/h5\/complaints\/[0-9a-f-]{36}$/, { timeout: 30_000 });
  const photos = page.getByTestId("complaint-photo");
  await expect(photos).toHaveCount(3);
  await expect.poll(() => photos.first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  // A fresh connection: a keep-alive socket the server is just closing reset this once (ECONNRESET).
  const photo = await page.request.get((await photos.first().getAttribute("src"))!, {
    headers: { connection: "close" },
  });
  expect(photo.headers()["content-type"]).toBe("image/png");
  expect(photo.headers()["x-content-type-options"]).toBe("nosniff");
  expect(photo.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(Number(photo.headers()["content-length"] ?? (await photo.body()).length)).toBe(big.length);
  await page.goto("/h5/complaints");
  await expect(page.getByText("三张大照片")).toBeVisible();
  expect(h5Violations).toEqual([]);

  // Staff: sign in through the form (next-auth's client fetches), the dashboard's charts,
  // a client-side navigation (chunks loaded under 'strict-dynamic'), then every workspace page.
  const context = await browser.newContext({
    ...DESKTOP,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    baseURL: test.info().project.use.baseURL,
  });
  const admin = await context.newPage();
  const staffViolations = watchViolations(admin);
  await admin.goto("/admin/sign-in");
  await admin.getByLabel("邮箱").fill("admin@kesu.demo");
  await admin.getByLabel("密码").fill(E2E_STAFF_PASSWORD);
  await admin.getByRole("button", { name: "登录" }).click();
  await expect(admin.getByTestId("signed-in-as")).toBeVisible();
  await admin.goto("/admin");
  await expect(admin.getByTestId("chart-volume").locator("svg.recharts-surface")).toBeVisible();
  await admin.getByRole("link", { name: "工单队列" }).click();
  await expect(admin).toHaveURL(/\/admin\/complaints$/);
  await expect(admin.getByTestId("queue-total")).toBeVisible();
  await admin.goto(`/admin/complaints/${complaintId}`);
  await expect(admin.getByTestId("complaint-description")).toHaveText("安全头测试用的投诉");
  for (const path of [
    "/admin/qa",
    "/admin/audit",
    "/admin/alerts",
    "/admin/knowledge",
    "/admin/reports",
    "/admin/callbacks",
    "/admin/outbox",
    "/admin/workflows",
    "/admin/settings/sla",
  ]) {
    const response = await admin.goto(path);
    expect(response?.status(), path).toBe(200);
    await admin.waitForLoadState("networkidle");
  }
  expect(staffViolations).toEqual([]);
  await context.close();
});
