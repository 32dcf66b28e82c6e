import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canonicalJson, deriveEngineKeys, signBody } from "../../lib/workflow-engine/engine-keys";
import { NextRequest } from "next/server";

/**
 * PUT /api/inngest is how an app is synced. With the embedded engine the sync is in band: a PUT
 * signed with the engine's key, answered with the functions' configuration. Anything else made the
 * SDK try an out-of-band registration at the engine, which has no such endpoint: a 500, and a
 * request out of the app, for any anonymous PUT (found by tests/e2e/access-sweep.spec.ts).
 */
const SECRET = "access-sweep-engine-secret-0123456789abcdef";
let route: typeof import("../../app/api/inngest/route");
let engine: Server;
let outbound = 0;

beforeAll(async () => {
  // Where the SDK would register out of band: counts what reaches it.
  engine = createServer((_, response) => {
    outbound += 1;
    response.writeHead(404, { "content-type": "text/html" }).end("<!DOCTYPE html><p>not here</p>");
  });
  await new Promise<void>((resolve) => engine.listen(0, "127.0.0.1", resolve));
  process.env.KESU_ENGINE = "on";
  process.env.KESU_ENGINE_SECRET = SECRET;
  process.env.KESU_ENGINE_APP_URL = `http://127.0.0.1:${(engine.address() as AddressInfo).port}`;
  route = await import("../../app/api/inngest/route");
});

afterAll(async () => {
  await new Promise((resolve) => engine.close(resolve));
});

const put = (headers: Record<string, string> = {}, body = "") =>
  route.PUT(
    new NextRequest("http://127.0.0.1:3999/api/inngest", {
      method: "PUT",
      headers: { "content-type": "application/json", ...headers },
      body,
    }),
    {},
  );

describe("PUT /api/inngest with the embedded engine", () => {
  it("refuses an unsigned sync (401), without calling anywhere", async () => {
    const response = await put();
    expect(response.status).toBe(401);
    expect(outbound).toBe(0);
  });

  it("refuses an out-of-band sync request, even one claiming a signature", async () => {
    const response = await put({ "x-inngest-signature": "t=1&s=forged", "x-inngest-sync-kind": "out_of_band" });
    expect(response.status).toBe(401);
    expect(outbound).toBe(0);
  });

  it("answers the engine's own signed in-band sync with the functions", async () => {
    const body = canonicalJson({ url: "http://127.0.0.1:3999/api/inngest" });
    const response = await put(
      {
        "x-inngest-sync-kind": "in_band",
        "x-inngest-server-kind": "cloud",
        "x-inngest-signature": signBody({ body, signingKey: deriveEngineKeys(SECRET).signingKey }),
      },
      body,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("x-inngest-sync-kind")).toBe("in_band");
    expect(((await response.json()) as { functions: unknown[] }).functions.length).toBeGreaterThan(0);
  });
});
