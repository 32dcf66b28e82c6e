import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Db } from "../../lib/db-client";
import { isLocale, type Locale } from "../../lib/i18n/config";
import { MESSAGES } from "../../lib/i18n/messages";

/**
 * A stand-in for the shop's own web page, started by `npm start` next to the app on a machine
 * where demo data is seeded (never in production): it plays the shop's backend — it asks Kesu for
 * a widget ticket with the shop API key, for its signed-in customer — and renders an
 * order-completed page and a cart with the `<script>` tag Kesu returned. It is on another port,
 * i.e. another origin, exactly as a shop's site would be; KESU_FRAME_ANCESTORS lets it frame the H5.
 */
export type DemoShopCustomer = { externalId: string; orderNo: string };

/** The customer the demo shop has "signed in": the demo order's (or the newest order without complaints). */
export async function findDemoShopCustomer({
  db,
  orderNo,
}: {
  db: Db;
  orderNo?: string;
}): Promise<DemoShopCustomer | null> {
  const order = await db.order.findFirst({
    where: orderNo ? { orderNo } : { complaints: { none: {} } },
    orderBy: { placedAt: "desc" },
    select: { orderNo: true, customer: { select: { externalId: true } } },
  });
  return order ? { externalId: order.customer.externalId, orderNo: order.orderNo } : null;
}

/** The origins the demo shop is reached at, which KESU_FRAME_ANCESTORS must allow. */
export function demoShopOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

const escape = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

async function widgetScript({
  appUrl,
  apiKey,
  customer,
  cart,
}: {
  appUrl: string;
  apiKey: string;
  customer: DemoShopCustomer;
  cart: boolean;
}): Promise<{ ok: true; script: string } | { ok: false; problem: string }> {
  const response = await fetch(`${appUrl.replace(/\/$/, "")}/api/v1/widget-sessions`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify(
      cart
        ? { customerId: customer.externalId, page: "cart" }
        : { customerId: customer.externalId, orderNo: customer.orderNo },
    ),
  }).catch((error: unknown) => ({ ok: false as const, status: 0, statusText: String(error), json: async () => ({}) }));
  const body = (await response.json().catch(() => ({}))) as { script?: string; title?: string };
  if (response.ok && body.script) return { ok: true, script: body.script };
  return { ok: false, problem: body.title ?? `${response.status}` };
}

function page({
  locale,
  cart,
  customer,
  widget,
}: {
  locale: Locale;
  cart: boolean;
  customer: DemoShopCustomer;
  widget: Awaited<ReturnType<typeof widgetScript>>;
}) {
  const t = MESSAGES[locale].demoShop;
  const here = cart ? "/cart" : "/";
  const languages = (["zh-CN", "en", "es"] as const)
    .map(
      (code) =>
        `<a href="${here}?lang=${code}"${code === locale ? ' aria-current="true"' : ""}>${escape(MESSAGES[code].locale[code])}</a>`,
    )
    .join(" · ");
  const main = cart
    ? `<h1>${escape(t.cartTitle)}</h1><p>${escape(t.cartBody)}</p>`
    : `<h1>${escape(t.orderDone)}</h1><p>${escape(t.orderNo.replace("{orderNo}", customer.orderNo))}</p>`;
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escape(t.title)}</title><style>body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:16px;max-width:640px}nav a{margin-right:12px}small{color:#555}</style></head>
<body><nav><a href="/?lang=${locale}">${escape(t.orders)}</a><a href="/cart?lang=${locale}">${escape(t.cart)}</a></nav>
<p><strong>${escape(t.title)}</strong></p>${main}<p><small>${escape(t.note)}</small></p><p><small>${languages}</small></p>
${widget.ok ? widget.script : `<p role="alert">${escape(t.widgetFailed.replace("{problem}", widget.problem))}</p>`}
</body></html>`;
}

/** Listens on this machine only (both loopbacks, as `localhost` may be either): it holds the shop API key's power behind a page anyone reaching it could open. */
export async function startDemoShop({
  port,
  appUrl,
  apiKey,
  customer,
}: {
  port: number;
  appUrl: string;
  apiKey: string;
  customer: DemoShopCustomer;
}): Promise<Server[]> {
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const lang = url.searchParams.get("lang");
    const locale: Locale = isLocale(lang) ? lang : "zh-CN";
    if (request.method !== "GET" || (url.pathname !== "/" && url.pathname !== "/cart")) {
      response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("Not found");
      return;
    }
    const cart = url.pathname === "/cart";
    void widgetScript({ appUrl, apiKey, customer, cart }).then((widget) => {
      response
        .writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" })
        .end(page({ locale, cart, customer, widget }));
    });
  };
  const listen = (host: string) =>
    new Promise<Server | null>((resolve, reject) => {
      const server = createServer(handler);
      server.once("error", (error: NodeJS.ErrnoException) =>
        // A machine without IPv6 has no ::1: the IPv4 loopback is enough there.
        host === "::1" && error.code === "EADDRNOTAVAIL" ? resolve(null) : reject(error),
      );
      server.listen(port, host, () => resolve(server));
    });
  const v4 = await listen("127.0.0.1");
  const v6 = await listen("::1").catch((error: unknown) => {
    v4?.close();
    throw error;
  });
  return [v4, v6].filter((server): server is Server => server !== null);
}
