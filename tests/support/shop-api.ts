import { PATCH as patchOrder, PUT as putOrder } from "../../app/api/v1/orders/[orderNo]/route";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import complaintsRoute from "../../pages/api/v1/complaints";
import { GET as getComplaint } from "../../app/api/v1/complaints/[id]/route";
import { POST as postLink } from "../../app/api/v1/h5-links/route";
import { POST as postUpload } from "../../app/api/v1/uploads/route";

/**
 * Calls the real route handlers with real Request objects (no HTTP server needed for these); the
 * intake route, a Pages Router handler of Node's request and response, through a real local HTTP
 * server started on first use.
 */
const base = "http://localhost:3999/api/v1";
export const apiKey = () => process.env.SHOP_API_KEY!;

type Options = { key?: string | null; headers?: Record<string, string>; raw?: string };

function request(method: string, path: string, body: unknown, options: Options = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? apiKey()}`;
  return new Request(`${base}${path}`, {
    method,
    headers,
    body: options.raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
}

const params = <T>(value: T) => ({ params: Promise.resolve(value) });

/** The intake route (pages/api/v1/complaints.ts) behind a real local HTTP server: its origin. */
let intakeServer: Promise<Server> | undefined;
export function intakeOrigin(): Promise<string> {
  intakeServer ??= new Promise<Server>((resolve) => {
    const server = createServer((req, res) => void complaintsRoute(req, res));
    // The test process ends with its pool; the server must not keep it alive.
    server.unref();
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
  return intakeServer.then((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

/** Sends a Request to the intake route over HTTP; answers its Response as fetch gives it. */
async function viaIntakeServer(request: Request): Promise<Response> {
  const origin = await intakeOrigin();
  const url = new URL(request.url);
  return fetch(`${origin}${url.pathname}`, {
    method: request.method,
    headers: request.headers,
    body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.text(),
  });
}

export const shopApi = {
  putOrder: (orderNo: string, body: unknown, options?: Options) =>
    putOrder(request("PUT", `/orders/${orderNo}`, body, options), params({ orderNo })),
  patchOrder: (orderNo: string, body: unknown, options?: Options) =>
    patchOrder(request("PATCH", `/orders/${orderNo}`, body, options), params({ orderNo })),
  postComplaint: (body: unknown, options?: Options & { idempotencyKey?: string }) =>
    viaIntakeServer(
      request("POST", "/complaints", body, {
        ...options,
        headers: {
          ...(options?.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {}),
          ...options?.headers,
        },
      }),
    ),
  getComplaint: (id: string, options?: Options) =>
    getComplaint(request("GET", `/complaints/${id}`, undefined, options), params({ id })),
  postLink: (body: unknown, options?: Options) => postLink(request("POST", "/h5-links", body, options), params({})),
  postUpload: (file: Blob | null, options?: Options) => {
    const form = new FormData();
    if (file) form.set("file", file, "photo");
    const headers: Record<string, string> = {};
    if (options?.key !== null) headers.authorization = `Bearer ${options?.key ?? apiKey()}`;
    return postUpload(new Request(`${base}/uploads`, { method: "POST", headers, body: form }), params({}));
  },
};

export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    customer: { externalId: "CU-T1", name: "测试客户", phone: "13900000001", tier: "normal", region: "上海" },
    items: [{ sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", quantity: 1, unitPrice: "25.80" }],
    amount: "25.80",
    status: "delivered",
    placedAt: "2026-11-21T10:00:00+08:00",
    ...overrides,
  };
}

/** Smallest valid JPEG header bytes are enough for type detection. */
export const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
