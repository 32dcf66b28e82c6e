import { gzipSync } from "node:zlib";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Issue 15, point 2 (and 3's widget side): the shop's backend asks for a widget ticket; the ticket
 * opens an H5 session over the customer's recent orders, once; the loader is small. The route
 * handlers run for real, with Next's cookie API replaced by one browser's jar.
 */
const browser = vi.hoisted(() => {
  const cookies = new Map<string, { value: string; options?: Record<string, unknown> }>();
  return {
    cookies,
    jar: {
      get: (name: string) => (cookies.has(name) ? { name, value: cookies.get(name)!.value } : undefined),
      set: (name: string, value: string, options?: Record<string, unknown>) =>
        void cookies.set(name, { value, options }),
      delete: (arg: string | { name: string }) => void cookies.delete(typeof arg === "string" ? arg : arg.name),
    },
  };
});
vi.mock("next/headers", () => ({ cookies: async () => browser.jar, headers: async () => new Headers() }));

import { GET as enterGet } from "../../app/(h5)/h5/enter/route";
import { POST as postWidgetSession } from "../../app/api/v1/widget-sessions/route";
import { GET as getLoader } from "../../app/widget.js/route";
import { H5_SESSION_COOKIE } from "../../lib/auth/h5-session";
import { findH5Session } from "../../lib/auth/h5-session-store";
import { sealToken, unsealToken } from "../../lib/auth/sealed-token";
import { getEnv } from "../../lib/env";
import { WIDGET_TICKET_PURPOSE } from "../../lib/widget/issue-widget-ticket";
import { widgetLoaderSource } from "../../lib/widget/loader-source";
import { resetData, testDb } from "../support/db-helpers";
import { apiKey, orderBody, shopApi } from "../support/shop-api";

afterAll(() => testDb.$disconnect());
beforeEach(async () => {
  browser.cookies.clear();
  await resetData();
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

function askTicket(body: unknown, key: string | null = apiKey()) {
  return postWidgetSession(
    new Request("http://localhost:3999/api/v1/widget-sessions", {
      method: "POST",
      headers: { "content-type": "application/json", ...(key ? { authorization: `Bearer ${key}` } : {}) },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

async function ticketFor(body: unknown) {
  const response = await askTicket(body);
  expect(response.status).toBe(200);
  return (await response.json()) as { ticket: string; anomaly: string | null; script: string; frameUrl: string };
}

const enter = (query: string, headers: Record<string, string> = {}) =>
  enterGet(new Request(`http://localhost:3999/h5/enter?${query}`, { headers }));
const inFrame = { "sec-fetch-dest": "iframe", "sec-fetch-site": "cross-site" };

async function sessionInJar() {
  return findH5Session({ db: testDb, secret: browser.cookies.get(H5_SESSION_COOKIE)?.value });
}

async function seedCustomerOrders() {
  // Three recent orders and an old one for CU-W1; one order of someone else.
  await shopApi.putOrder(
    "SO-W1",
    orderBody({ customer: { ...orderBody().customer, externalId: "CU-W1" }, placedAt: daysAgo(2) }),
  );
  await shopApi.putOrder(
    "SO-W2",
    orderBody({ customer: { ...orderBody().customer, externalId: "CU-W1" }, placedAt: daysAgo(20) }),
  );
  await shopApi.putOrder(
    "SO-W3",
    orderBody({ customer: { ...orderBody().customer, externalId: "CU-W1" }, placedAt: daysAgo(60) }),
  );
  await shopApi.putOrder(
    "SO-WOLD",
    orderBody({ customer: { ...orderBody().customer, externalId: "CU-W1" }, placedAt: daysAgo(200) }),
  );
  await shopApi.putOrder(
    "SO-WX",
    orderBody({ customer: { ...orderBody().customer, externalId: "CU-WX" }, placedAt: daysAgo(1) }),
  );
}

describe("POST /api/v1/widget-sessions", () => {
  it("answers the shop's backend a sealed ticket and the tag to embed; the page learns nothing about the customer", async () => {
    await seedCustomerOrders();
    const issued = await ticketFor({ customerId: "CU-W1", orderNo: "SO-W2" });
    const customer = await testDb.customer.findUniqueOrThrow({ where: { externalId: "CU-W1" } });
    expect(issued.script).toBe(
      `<script src="http://localhost:3999/widget.js" data-ticket="${issued.ticket}" data-page="order" async></script>`,
    );
    expect(issued.frameUrl).toBe(`http://localhost:3999/h5/enter?w=${issued.ticket}`);
    expect(issued.anomaly).toBeNull();
    // Sealed: neither the order, the customer, nor the link's structure can be read from it.
    const decoded = Buffer.from(issued.ticket, "base64url").toString("latin1");
    for (const secret of ["SO-W2", customer.id, "CU-W1", '"o"', "order_detail"]) expect(decoded).not.toContain(secret);
    expect(issued.ticket).not.toContain(".");
    // Two tickets for the same page differ (random IV, random jti).
    expect((await ticketFor({ customerId: "CU-W1", orderNo: "SO-W2" })).ticket).not.toBe(issued.ticket);
  });

  it("refuses without the key, bad input, an unknown customer, another customer's order, a customer with no orders", async () => {
    await seedCustomerOrders();
    expect((await askTicket({ customerId: "CU-W1" }, null)).status).toBe(401);
    expect((await askTicket({ customerId: "CU-W1" }, "wrong-key-wrong-key-wrong-key")).status).toBe(401);
    for (const body of [
      {},
      { customerId: "" },
      { customerId: "CU-W1", page: "checkout" },
      { customerId: "x".repeat(65) },
    ]) {
      const response = await askTicket(body);
      expect(response.status).toBe(422);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await askTicket({ customerId: "CU-NOBODY" })).status).toBe(404);
    const foreign = await askTicket({ customerId: "CU-W1", orderNo: "SO-WX" });
    expect(foreign.status).toBe(404);
    expect((await foreign.json()).code).toBe("order_not_found");
    await testDb.customer.create({ data: { externalId: "CU-EMPTY", name: "无订单", region: "上海" } });
    const empty = await askTicket({ customerId: "CU-EMPTY" });
    expect(empty.status).toBe(409);
    expect((await empty.json()).code).toBe("customer_has_no_orders");
  });

  it("names the order's anomaly (the fast lane the widget offers): the named order, or else the latest", async () => {
    await seedCustomerOrders();
    await shopApi.patchOrder("SO-W1", { status: "shipped", deliveredAt: null, promisedAt: daysAgo(0.01) });
    const cart = await ticketFor({ customerId: "CU-W1" });
    expect(cart.anomaly).toBe("delivery_overdue");
    expect(cart.script).toContain('data-page="cart" data-anomaly="delivery_overdue"');
    expect((await ticketFor({ customerId: "CU-W1", orderNo: "SO-W2" })).anomaly).toBeNull();
    await shopApi.patchOrder("SO-W2", { outOfStockSkus: ["FR-MANGO-1KG"] });
    expect((await ticketFor({ customerId: "CU-W1", orderNo: "SO-W2" })).anomaly).toBe("out_of_stock");
  });
});

describe("/h5/enter?w=: the ticket opens a session once", () => {
  it("covers the customer's orders of the last 90 days, no one else's, lands on the page's order; a second open elsewhere is refused", async () => {
    await seedCustomerOrders();
    const { ticket } = await ticketFor({ customerId: "CU-W1", orderNo: "SO-W2" });
    const opened = await enter(`w=${ticket}`);
    expect(opened.status).toBe(303);
    expect(opened.headers.get("location")).toBe("/h5/orders/SO-W2/new");
    const session = await sessionInJar();
    expect(session?.scope.orderNos).toEqual(["SO-W2", "SO-W1", "SO-W3"]);
    // Over plain http the cookie stays Lax (the demo shop and the app are one site on two ports).
    expect(browser.cookies.get(H5_SESSION_COOKIE)?.options).toMatchObject({ sameSite: "lax", httpOnly: true });

    // The same tap again in this browser just lands; in another browser the ticket is spent.
    expect((await enter(`w=${ticket}`)).headers.get("location")).toBe("/h5/orders/SO-W2/new");
    browser.cookies.clear();
    const again = await enter(`w=${ticket}`);
    expect(again.status).toBe(410);
    expect(browser.cookies.has(H5_SESSION_COOKIE)).toBe(false);
  });

  it("from the cart lands on the H5 home; a tampered, foreign or over-long ticket opens nothing", async () => {
    await seedCustomerOrders();
    const { ticket } = await ticketFor({ customerId: "CU-W1", page: "cart" });
    const flipped = ticket.slice(0, 20) + (ticket[20] === "A" ? "B" : "A") + ticket.slice(21);
    const link = unsealToken({ sealed: ticket, secret: getEnv().H5_LINK_SECRET, purpose: WIDGET_TICKET_PURPOSE })!;
    for (const bad of [
      flipped,
      "",
      "not a ticket",
      "A".repeat(5000),
      // A genuine link, sealed for another purpose, or a plain link passed as a ticket.
      sealToken({ token: link, secret: getEnv().H5_LINK_SECRET, purpose: "something-else" }),
      link,
    ]) {
      const response = await enter(`w=${encodeURIComponent(bad)}`);
      expect(response.status, bad.slice(0, 30)).toBe(400);
    }
    expect(browser.cookies.has(H5_SESSION_COOKIE)).toBe(false);
    const opened = await enter(`w=${ticket}`);
    expect(opened.headers.get("location")).toBe("/h5");
    expect((await sessionInJar())?.scope.orderNos).toEqual(["SO-W1", "SO-W2", "SO-W3"]);
  });
});

describe("the widget's frame", () => {
  it("switches from another customer's session without asking (the shop vouches); top-level it asks first", async () => {
    await seedCustomerOrders();
    const other = await ticketFor({ customerId: "CU-WX" });
    expect((await enter(`w=${other.ticket}`, inFrame)).status).toBe(303);
    const before = await sessionInJar();
    expect(before?.customer.id).toBeDefined();

    // Top-level (a link someone sent): the usual question, nothing changes yet.
    const topLevel = await enter(`w=${(await ticketFor({ customerId: "CU-W1" })).ticket}`);
    expect(topLevel.headers.get("location")).toBe("/h5/switch");
    expect((await sessionInJar())?.id).toBe(before?.id);

    // In the frame: the shop's signed-in customer gets their own session at once.
    const framed = await enter(
      `w=${(await ticketFor({ customerId: "CU-W1", orderNo: "SO-W1" })).ticket}&lang=es`,
      inFrame,
    );
    expect(framed.headers.get("location")).toBe("/h5/orders/SO-W1/new");
    const after = await sessionInJar();
    expect(after?.scope.orderNos).toEqual(["SO-W1", "SO-W2", "SO-W3"]);
    expect(after?.id).not.toBe(before?.id);
    // The page's language came along.
    expect(browser.cookies.get("NEXT_LOCALE")?.value).toBe("es");
  });

  it("keeps what the session already had before the widget's recent orders", async () => {
    await seedCustomerOrders();
    const old = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-WOLD" }, select: { customerId: true } });
    // The customer opened an SMS link for the 200-day-old order first.
    const link = await shopApi.postLink({ orderNo: "SO-WOLD" });
    const url = new URL((await link.json()).url);
    expect((await enter(url.search.slice(1))).status).toBe(303);
    expect((await sessionInJar())?.customer.id).toBe(old.customerId);
    await enter(`w=${(await ticketFor({ customerId: "CU-W1", orderNo: "SO-W3" })).ticket}`, inFrame);
    expect((await sessionInJar())?.scope.orderNos).toEqual(["SO-W3", "SO-WOLD", "SO-W1", "SO-W2"]);
  });
});

describe("/widget.js", () => {
  it("is served to other sites' pages, under 5 kB gzipped, with the three languages' labels", async () => {
    const response = await getLoader(new Request("http://localhost:3999/widget.js"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/javascript/);
    expect(response.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const source = await response.text();
    expect(source).toBe(widgetLoaderSource({ origin: "http://localhost:3999" }));
    expect(gzipSync(source).length).toBeLessThan(5 * 1024);
    for (const label of ["立即反馈", "帮助", "Feedback", "Help", "Opina ya", "Ayuda", "配送超时，去反馈"])
      expect(source).toContain(label);
    // It parses as a script (a syntax error would only show in a browser otherwise).
    expect(() => new Function(source)).not.toThrow();
  });
});
