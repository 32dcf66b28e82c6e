import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Inngest, type InngestFunction } from "inngest";
import { serve } from "inngest/node";
import { z } from "zod";
import { createEnginePool, type EnginePool } from "../../lib/workflow-engine/engine-db";
import { deriveEngineKeys } from "../../lib/workflow-engine/engine-keys";
import { receiveEvents } from "../../lib/workflow-engine/receive-events";
import { startEngine, type EngineHandle } from "../../lib/workflow-engine/start-engine";

/**
 * A small real app for the engine to drive, outside Next: the SDK's own serve() on a plain HTTP
 * server (the Node adapter — the same InngestCommHandler as Next's), the engine's event API beside
 * it, and engines against a given PostgreSQL. Used by the engine's tests and `npm run bench`, with
 * functions of their own; nothing is mocked: requests are signed and verified, events go through
 * the SDK's `send`.
 */
const ENGINE_SECRET = "local-app-engine-secret-0123456789-abcdefghij";
export const engineKeys = deriveEngineKeys(ENGINE_SECRET);

export function testClient(id: string, port: () => number) {
  const options = {
    id,
    isDev: false,
    signingKey: engineKeys.signingKey,
    eventKey: engineKeys.eventKey,
    get baseUrl() {
      return `http://127.0.0.1:${port()}/engine/`;
    },
  };
  return new Inngest(options);
}

// Test events: any `test/*` name with object data (the app's own events are checked against DOMAIN_EVENTS).
const anyData = z.record(z.string(), z.unknown());
const testSchemas = new Proxy({} as Record<string, z.ZodType>, {
  get: (_target, name) => (typeof name === "string" && name.startsWith("test/") ? anyData : undefined),
  has: (_target, name) => typeof name === "string" && name.startsWith("test/"),
  getOwnPropertyDescriptor: (_target, name) =>
    typeof name === "string" && name.startsWith("test/")
      ? { value: anyData, enumerable: true, configurable: true }
      : undefined,
});

export type Harness = {
  port: number;
  pool: EnginePool;
  server: Server;
  serveUrl: string;
  engine: EngineHandle | null;
  startEngine: (overrides?: Partial<Parameters<typeof startEngine>[0]>) => EngineHandle;
  close: () => Promise<void>;
};

/** How the app misbehaves on a call, for tests of the engine's handling: nothing, garbage, or no answer. */
export type Interference = (url: URL) => "garbage" | "hang" | undefined;

export async function startLocalApp({
  client,
  functions,
  connectionString,
  quiet = true,
  interfere = () => undefined,
}: {
  client: Inngest.Any;
  functions: InngestFunction.Any[];
  connectionString: string;
  quiet?: boolean;
  interfere?: Interference;
}): Promise<Harness> {
  const pool = createEnginePool(connectionString, 4);
  const handler = serve({ client, functions });
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const eventRoute = /^\/engine\/e\/([^/]+)$/.exec(url.pathname);
    if (eventRoute && req.method === "POST") {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const request = new Request(url, {
          method: "POST",
          body: Buffer.concat(chunks),
          headers: { "content-type": "application/json" },
        });
        const answer = await receiveEvents({
          request,
          key: eventRoute[1],
          expectedKey: engineKeys.eventKey,
          pool,
          schemas: testSchemas,
        });
        res.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
      });
      return;
    }
    if (url.pathname === "/api/inngest") {
      const trouble = req.method === "POST" ? interfere(url) : undefined;
      if (trouble === "garbage")
        return void res.writeHead(206, { "content-type": "application/json" }).end("<html>proxy error</html>");
      if (trouble === "hang") return; // never answers
      return void handler(req, res);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const serveUrl = `http://127.0.0.1:${port}/api/inngest`;
  const engines: EngineHandle[] = [];
  const harness: Harness = {
    port,
    pool,
    server,
    serveUrl,
    engine: null,
    startEngine: (overrides = {}) => {
      const engine = startEngine({
        connectionString,
        serveUrl,
        signingKey: engineKeys.signingKey,
        retryBaseMs: 50,
        pollMs: 100,
        standbyPollMs: 200,
        log: quiet ? { log: () => undefined, warn: () => undefined, error: console.error } : console,
        ...overrides,
      });
      engines.push(engine);
      harness.engine = engine;
      return engine;
    },
    close: async () => {
      await Promise.all(engines.map((e) => e.stop()));
      await new Promise((resolve) => server.close(resolve));
      await pool.end();
    },
  };
  return harness;
}
