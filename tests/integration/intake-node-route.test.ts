import { request as httpRequest } from "node:http";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { metrics } from "../../lib/metrics/registry";
import { resetData, rowCounts, testDb } from "../support/db-helpers";
import { apiKey, intakeOrigin, orderBody, shopApi } from "../support/shop-api";

/**
 * What the intake route answers as a Pages Router handler of Node's request and response
 * (lib/api/node-route.ts), where App Router would have answered for it: other methods, OPTIONS,
 * a body without a declared length, a client that goes away mid-body. Over real HTTP.
 */
beforeEach(resetData);
afterAll(() => testDb.$disconnect());

const complaint = { orderNo: "SO-T1", category: "product.quality", description: "芒果烂了两个" };

/** One raw HTTP exchange: `write` sends the body as it likes (chunked when no content-length is set). */
async function exchange({
  method,
  headers,
  write,
}: {
  method: string;
  headers: Record<string, string>;
  write?: (request: ReturnType<typeof httpRequest>) => void;
}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const origin = new URL(await intakeOrigin());
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: origin.hostname, port: origin.port, path: "/api/v1/complaints", method, headers },
      (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
    if (write) write(request);
    else request.end();
  });
}

const auth = () => ({ authorization: `Bearer ${apiKey()}` });

describe("the intake route (pages/api/v1/complaints.ts)", () => {
  beforeEach(async () => {
    await shopApi.putOrder("SO-T1", orderBody());
  });

  it("answers other methods 405 problem+json in the caller's language, with Allow, and OPTIONS 204", async () => {
    for (const method of ["GET", "PUT", "DELETE", "PATCH"]) {
      const response = await exchange({ method, headers: { ...auth(), "accept-language": "es" } });
      expect(response.status, method).toBe(405);
      expect(response.headers["allow"]).toBe("OPTIONS, POST");
      expect(response.headers["content-type"]).toBe("application/problem+json");
      const body = JSON.parse(response.body);
      expect(body).toMatchObject({ code: "method_not_allowed", status: 405 });
      expect(body.title).toMatch(/método/i);
    }
    const head = await exchange({ method: "HEAD", headers: auth() });
    expect(head.status).toBe(405);
    const options = await exchange({ method: "OPTIONS", headers: {} });
    expect(options.status).toBe(204);
    expect(options.headers["allow"]).toBe("OPTIONS, POST");
    expect((await rowCounts()).complaints).toBe(0);
  });

  it("refuses a chunked body over 256 KB (no length declared) with 422 too_long, and writes nothing", async () => {
    const chunk = "x".repeat(64 * 1024);
    const response = await exchange({
      method: "POST",
      headers: { ...auth(), "content-type": "application/json", "idempotency-key": "big-1" },
      write: (request) => {
        request.write('{"orderNo":"SO-T1","category":"product.quality","description":"');
        for (let i = 0; i < 8; i += 1) request.write(chunk);
        request.end('"}');
      },
    });
    expect(response.status).toBe(422);
    const body = JSON.parse(response.body);
    expect(body.code).toBe("validation_failed");
    expect(body.errors[0]).toMatchObject({ code: "too_long" });
    expect((await rowCounts()).complaints).toBe(0);
  });

  it("reads a body that starts with a byte-order mark, as a web Request would", async () => {
    const response = await exchange({
      method: "POST",
      headers: { ...auth(), "content-type": "application/json", "idempotency-key": "bom-1" },
      write: (request) =>
        request.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(complaint))])),
    });
    expect(response.status).toBe(201);
  });

  it("takes a chunked body under the limit like any other", async () => {
    const response = await exchange({
      method: "POST",
      headers: { ...auth(), "content-type": "application/json", "idempotency-key": "chunked-1" },
      write: (request) => {
        const text = JSON.stringify(complaint);
        request.write(text.slice(0, 10));
        request.end(text.slice(10));
      },
    });
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ status: "new", group: "product" });
    expect((await rowCounts()).complaints).toBe(1);
  });

  /** Intake's answers so far with this status class, from the route's own histogram. */
  async function answered(status: string): Promise<number> {
    const { values } = await metrics().requestDuration.get();
    const count = values.find(
      (v) =>
        v.metricName === "kesu_http_request_duration_seconds_count" &&
        v.labels.route === "/api/v1/complaints" &&
        v.labels.method === "POST" &&
        v.labels.status === status,
    );
    return count?.value ?? 0;
  }

  it("answers a client that leaves mid-body as a malformed request (4xx, not an error), writes nothing, serves the next", async () => {
    const [before4xx, before5xx] = [await answered("4xx"), await answered("5xx")];
    const origin = new URL(await intakeOrigin());
    await new Promise<void>((resolve) => {
      const request = httpRequest({
        host: origin.hostname,
        port: origin.port,
        path: "/api/v1/complaints",
        method: "POST",
        headers: {
          ...auth(),
          "content-type": "application/json",
          "idempotency-key": "gone-1",
          "content-length": "1000",
        },
      });
      request.on("error", () => resolve());
      request.write('{"orderNo":"SO-T1",');
      setTimeout(() => {
        request.destroy();
        resolve();
      }, 100);
    });
    // The abandoned request is answered (its handler did not hang), as a refusal.
    for (let i = 0; i < 50 && (await answered("4xx")) === before4xx; i += 1)
      await new Promise((r) => setTimeout(r, 20));
    expect(await answered("4xx")).toBe(before4xx + 1);
    expect(await answered("5xx")).toBe(before5xx);
    const next = await shopApi.postComplaint(complaint, { idempotencyKey: "after-1" });
    expect(next.status).toBe(201);
    expect((await rowCounts()).complaints).toBe(1);
  });
});
