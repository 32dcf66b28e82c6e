import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test, type APIRequestContext, type Browser } from "@playwright/test";
import { createH5LinkToken } from "../../lib/auth/h5-link";
import { E2E_API_KEY, E2E_STAFF_PASSWORD } from "./constants";

export { E2E_STAFF_PASSWORD };

const auth = { authorization: `Bearer ${E2E_API_KEY}` };

/** Seeds through the shop API, as the shop's backend would. */
export async function putOrder(
  request: APIRequestContext,
  orderNo: string,
  customer: { externalId: string; name: string; tier?: string; region?: string },
  amount: string,
) {
  const response = await request.put(`/api/v1/orders/${orderNo}`, {
    headers: auth,
    data: {
      customer: { region: "上海", phone: "13900000009", ...customer },
      items: [{ sku: `SKU-${orderNo}`, name: "海南贵妃芒 1kg", quantity: 1, unitPrice: amount }],
      amount,
      status: "delivered",
      placedAt: new Date(Date.now() - 86_400_000).toISOString(),
    },
  });
  if (!response.ok()) throw new Error(`order seed failed: ${response.status()} ${await response.text()}`);
}

export async function h5Link(request: APIRequestContext, orderNo: string, entry?: string): Promise<string> {
  const response = await request.post("/api/v1/h5-links", {
    headers: auth,
    data: { orderNo, ...(entry ? { entry } : {}) },
  });
  if (response.status() !== 201) throw new Error(`link failed: ${response.status()}`);
  const { url } = await response.json();
  return new URL(url).pathname + new URL(url).search;
}

/** A link signed with the server's own secret but already expired. */
export function expiredLink(orderNo: string, customerId: string) {
  const secrets = JSON.parse(readFileSync(join(process.env.E2E_DATA_DIR!, "secrets.json"), "utf8"));
  const token = createH5LinkToken({
    orderNo,
    customerId,
    entry: "order_detail",
    expiresAt: new Date(Date.now() - 60_000),
    secret: secrets.H5_LINK_SECRET,
  });
  return `/h5/enter?t=${token}`;
}

export const PNG_1x1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

/** Signs a staff member in through next-auth's credentials endpoint (not the UI), like documenso's e2e. */
export async function signInStaff(request: APIRequestContext, email: string, password = E2E_STAFF_PASSWORD) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()}`);
}

/** Files a complaint through the shop API and returns its id. */
export async function postComplaint(
  request: APIRequestContext,
  orderNo: string,
  category: string,
  description: string,
): Promise<string> {
  const response = await request.post("/api/v1/complaints", {
    headers: { ...auth, "idempotency-key": `e2e-${orderNo}-${category}` },
    data: { orderNo, category, description },
  });
  if (response.status() !== 201) throw new Error(`complaint failed: ${response.status()} ${await response.text()}`);
  return (await response.json()).id;
}

export const DESKTOP = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false } as const;

/** A desktop browser context of its own, signed in as `email` (zh-CN, Shanghai time). */
export async function staffPage(browser: Browser, email: string) {
  const context = await browser.newContext({
    ...DESKTOP,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    baseURL: test.info().project.use.baseURL,
  });
  const page = await context.newPage();
  await signInStaff(page.request, email);
  return page;
}
