import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { configuredShopRefundClient } from "../../lib/compensation/shop-refund-client";
import { sendWecom } from "../../lib/notify/channels/wecom-robot";
import { outboundRequest } from "../../lib/outbound/outbound-request";
import type { ResolvedAddress } from "../../lib/outbound/resolve-target";

/** A real local HTTP server with a handler per test; records the requests that reach it. */
type Local = { port: number; url: string; received: IncomingMessage[]; close: () => Promise<void> };
const open: Local[] = [];

async function localServer(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  { host = "127.0.0.1", port = 0 } = {},
): Promise<Local> {
  const received: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    received.push(request);
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const local: Local = {
    port: (server.address() as AddressInfo).port,
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    received,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  open.push(local);
  return local;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((local) => local.close()));
});

const answerOk = (_: IncomingMessage, response: ServerResponse) =>
  void response.writeHead(200, { "content-type": "application/json" }).end('{"errcode":0,"refundId":"R1"}');

/** Runs `fn` as production does (private targets refused), restoring the environment after. */
async function inProduction<T>(fn: () => Promise<T>): Promise<T> {
  const env = process.env as Record<string, string | undefined>;
  const previous = { NODE_ENV: env.NODE_ENV, KESU_ALLOW_PRIVATE_TARGETS: env.KESU_ALLOW_PRIVATE_TARGETS };
  env.NODE_ENV = "production";
  delete env.KESU_ALLOW_PRIVATE_TARGETS;
  try {
    return await fn();
  } finally {
    Object.assign(env, previous);
  }
}

const refusedPrivate = { ok: false, error: "refused URL (private_address)", retryable: false };
const message = { title: "SLA 超时", markdown: "### SLA 超时", text: "SLA 超时" };

describe("outbound requests refuse private targets before connecting", () => {
  it("an IPv4-mapped IPv6 host (which URL rewrites to [::ffff:7f00:1]) or a numeric host never reaches the local server", async () => {
    const robot = await localServer(answerOk);
    for (const host of [
      "[::ffff:127.0.0.1]",
      "[::ffff:7f00:1]",
      "[::127.0.0.1]",
      "[64:ff9b::7f00:1]",
      "2130706433",
      "0x7f.1",
      "0.0.0.0",
    ]) {
      expect(await outboundRequest({ url: `http://${host}:${robot.port}/hook`, allowPrivate: false }), host).toEqual(
        refusedPrivate,
      );
    }
    // And through a channel adapter, as production sends.
    expect(
      await inProduction(() =>
        sendWecom({ config: { webhookUrl: `http://[::ffff:127.0.0.1]:${robot.port}/hook` }, message }),
      ),
    ).toEqual(refusedPrivate);
    expect(robot.received).toHaveLength(0);
    // The same mapped URL does reach the server when private targets are allowed: the refusal above was the guard.
    expect(
      await outboundRequest({ url: `http://[::ffff:127.0.0.1]:${robot.port}/hook`, allowPrivate: true }),
    ).toMatchObject({ ok: true, status: 200 });
    expect(robot.received).toHaveLength(1);
  });

  it("a public-looking host name that resolves to a loopback address is refused — every resolved address is checked", async () => {
    const robot = await localServer(answerOk);
    const onlyLoopback = async (): Promise<ResolvedAddress[]> => [{ address: "127.0.0.1", family: 4 }];
    const publicAndLoopback = async (): Promise<ResolvedAddress[]> => [
      { address: "8.8.8.8", family: 4 },
      { address: "::ffff:7f00:1", family: 6 },
    ];
    expect(
      await outboundRequest({
        url: `http://robot.example.com:${robot.port}/hook`,
        allowPrivate: false,
        resolve: onlyLoopback,
      }),
    ).toEqual(refusedPrivate);
    expect(
      await outboundRequest({
        url: `http://robot.example.com:${robot.port}/hook`,
        allowPrivate: false,
        resolve: publicAndLoopback,
      }),
    ).toEqual(refusedPrivate);
    expect(robot.received).toHaveLength(0);
  });

  it("DNS rebinding: the host is resolved once and the connection goes to the address that was checked", async () => {
    // 127.0.0.1 plays a public address (the policy is told so); 127.0.0.2 is what DNS answers next.
    const checked = await localServer(answerOk);
    const rebound = await localServer(answerOk, { host: "127.0.0.2", port: checked.port });
    let calls = 0;
    const rebinding = async (): Promise<ResolvedAddress[]> => [
      { address: (calls += 1) === 1 ? "127.0.0.1" : "127.0.0.2", family: 4 },
    ];
    const result = await outboundRequest({
      url: `http://robot.example.com:${checked.port}/hook`,
      allowPrivate: false,
      resolve: rebinding,
      isPrivate: (address) => address !== "127.0.0.1",
    });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(calls).toBe(1);
    expect(checked.received).toHaveLength(1);
    expect(rebound.received).toHaveLength(0);
    // The name is still the one the request is for.
    expect(checked.received[0]!.headers.host).toBe(`robot.example.com:${checked.port}`);
  });

  it("only http(s), even where private targets are allowed; a name that does not exist is refused, a DNS outage is retryable", async () => {
    expect(await outboundRequest({ url: "file:///etc/passwd", allowPrivate: true })).toEqual({
      ok: false,
      error: "refused URL (not_http)",
      retryable: false,
    });
    const noSuchName = async () =>
      Promise.reject(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    const outage = async () => Promise.reject(Object.assign(new Error("getaddrinfo EAI_AGAIN"), { code: "EAI_AGAIN" }));
    expect(
      await outboundRequest({ url: "https://nowhere.example.com/x", allowPrivate: false, resolve: noSuchName }),
    ).toEqual({ ok: false, error: "refused URL (unresolvable)", retryable: false });
    expect(await outboundRequest({ url: "https://robot.example.com/x", allowPrivate: false, resolve: outage })).toEqual(
      { ok: false, error: "network error (EAI_AGAIN)", retryable: true },
    );
  });
});

describe("outbound requests: redirects, size and time limits (private targets allowed, as in tests)", () => {
  it("a redirect is not followed, even to another local server: 'redirect refused', final", async () => {
    const elsewhere = await localServer(answerOk);
    const robot = await localServer(
      (_, response) => void response.writeHead(302, { location: `${elsewhere.url}/internal` }).end(),
    );
    expect(await outboundRequest({ url: `${robot.url}/hook`, allowPrivate: true })).toEqual({
      ok: false,
      error: "redirect refused",
      retryable: false,
    });
    expect(await sendWecom({ config: { webhookUrl: `${robot.url}/hook` }, message })).toEqual({
      ok: false,
      error: "redirect refused",
      retryable: false,
    });
    expect(robot.received).toHaveLength(2);
    expect(elsewhere.received).toHaveLength(0);
  });

  it("an answer over the size limit is cut off: 'response too large', whether announced or streamed", async () => {
    const big = Buffer.alloc(2 * 1024 * 1024, "a");
    const announced = await localServer(
      (_, response) => void response.writeHead(200, { "content-length": String(big.length) }).end(big),
    );
    const streamed = await localServer((_, response) => {
      response.writeHead(200); // chunked: the size is only known while reading
      const write = (left: number) =>
        left > 0 ? response.write(Buffer.alloc(64 * 1024, "a"), () => write(left - 1)) : response.end();
      write(40);
    });
    const tooLarge = { ok: false, error: "response too large", retryable: false };
    expect(await outboundRequest({ url: announced.url, allowPrivate: true })).toEqual(tooLarge);
    expect(await outboundRequest({ url: streamed.url, allowPrivate: true })).toEqual(tooLarge);
    expect(await outboundRequest({ url: streamed.url, allowPrivate: true, maxBytes: 10 * 1024 * 1024 })).toMatchObject({
      ok: true,
      status: 200,
    });
  });

  it("a server that does not answer, or DNS that does not, hits the time limit (retryable)", async () => {
    const slow = await localServer((_, response) => void setTimeout(() => response.end("late"), 3000));
    const started = Date.now();
    expect(await outboundRequest({ url: slow.url, allowPrivate: true, timeoutMs: 200 })).toEqual({
      ok: false,
      error: "TimeoutError",
      retryable: true,
    });
    const silentDns = () => new Promise<ResolvedAddress[]>(() => undefined);
    expect(
      await outboundRequest({
        url: "http://robot.example.com/x",
        allowPrivate: true,
        timeoutMs: 200,
        resolve: silentDns,
      }),
    ).toEqual({ ok: false, error: "TimeoutError", retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("a closed port is a retryable network error naming the cause", async () => {
    const gone = await localServer(answerOk);
    await gone.close();
    open.splice(open.indexOf(gone), 1);
    expect(await outboundRequest({ url: gone.url, allowPrivate: true })).toEqual({
      ok: false,
      error: "network error (ECONNREFUSED)",
      retryable: true,
    });
  });
});

describe("the shop's refund endpoint goes through the same guard", () => {
  const refund = { idempotencyKey: "K-1", orderNo: "O-1", amount: "10.00", complaintId: "c1", compensationId: "p1" };
  const env = (url: string) => ({ SHOP_REFUND_URL: url, SHOP_REFUND_SECRET: "shop-refund-secret-0123456789" });

  it("a private SHOP_REFUND_URL is refused where private targets are not allowed: final, no request, no retries", async () => {
    const shop = await localServer(answerOk);
    for (const url of [`${shop.url}/refunds`, `http://[::ffff:127.0.0.1]:${shop.port}/refunds`]) {
      expect(await inProduction(() => configuredShopRefundClient(env(url))!.refund(refund)), url).toEqual(
        refusedPrivate,
      );
    }
    expect(shop.received).toHaveLength(0);
    // Allowed in development and tests, where the shop runs locally.
    expect(await configuredShopRefundClient(env(`${shop.url}/refunds`))!.refund(refund)).toEqual({
      ok: true,
      refundId: "R1",
    });
  });

  it("a redirect from the shop is final, not retried", async () => {
    const elsewhere = await localServer(answerOk);
    const shop = await localServer(
      (_, response) => void response.writeHead(307, { location: `${elsewhere.url}/refunds` }).end(),
    );
    expect(await configuredShopRefundClient(env(`${shop.url}/refunds`))!.refund(refund)).toEqual({
      ok: false,
      error: "redirect refused",
      retryable: false,
    });
    expect(shop.received).toHaveLength(1);
    expect(elsewhere.received).toHaveLength(0);
  });
});
