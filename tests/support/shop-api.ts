import { PATCH as patchOrder, PUT as putOrder } from "../../app/api/v1/orders/[orderNo]/route";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
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

/**
 * The intake route (pages/api/v1/complaints.ts) behind a real local HTTP server: its origin. The
 * server's parser is lenient and takes headers up to 256 KB, so any header value a test sends
 * reaches the route, as a Request handed to an App Router handler did: the fuzz suites probe the
 * route's own handling. (In production Node's strict parser answers a control character in a
 * header 400, and headers over 16 KB 431, before any route runs.)
 */
let intakeServer: Promise<Server> | undefined;
export function intakeOrigin(): Promise<string> {
  intakeServer ??= new Promise<Server>((resolve) => {
    const server = createServer({ insecureHTTPParser: true, maxHeaderSize: 256 * 1024 }, (req, res) => {
      void complaintsRoute(req, res);
    });
    // The test process ends with its pool; the server must not keep it alive.
    server.unref();
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
  return intakeServer.then((server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
}

/**
 * Sends a Request to the intake route over a raw HTTP/1.1 connection: header values go as their
 * bytes (latin-1), unchecked, where fetch and node:http refuse control characters before sending.
 * Answers the route's answer as a Response.
 */
async function viaIntakeServer(request: Request): Promise<Response> {
  const origin = new URL(await intakeOrigin());
  const body = Buffer.from(await request.text());
  const head = [
    `${request.method} ${new URL(request.url).pathname} HTTP/1.1`,
    `host: ${origin.host}`,
    `content-length: ${body.length}`,
    ...[...request.headers]
      .filter(([name]) => !["host", "content-length", "connection", "transfer-encoding"].includes(name))
      .map(([name, value]) => `${name}: ${value}`),
  ].join("\r\n");
  // Kept alive: the server reads and drops a body it did not need before it would close, so an early
  // refusal (a declared length over the limit) is not cut off by a reset. The answer ends at its
  // Content-Length, which the route always sends (lib/api/node-route.ts sendJson).
  const { status, headers, rest } = await new Promise<{ status: number; headers: Headers; rest: Buffer }>(
    (resolve, reject) => {
      let received = Buffer.alloc(0);
      let answer: { status: number; headers: Headers; start: number; length: number } | undefined;
      const socket = connect(Number(origin.port), origin.hostname, () => {
        socket.write(Buffer.from(`${head}\r\n\r\n`, "latin1"));
        socket.write(body);
      });
      socket.on("data", (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (!answer) {
          const split = received.indexOf("\r\n\r\n");
          if (split < 0) return;
          const [statusLine, ...lines] = received.subarray(0, split).toString("latin1").split("\r\n");
          const headers = new Headers();
          for (const line of lines) {
            const colon = line.indexOf(":");
            headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
          }
          answer = {
            status: Number(statusLine!.split(" ")[1]),
            headers,
            start: split + 4,
            length: Number(headers.get("content-length") ?? 0),
          };
        }
        if (received.length >= answer.start + answer.length) {
          socket.destroy();
          resolve({ ...answer, rest: received.subarray(answer.start, answer.start + answer.length) });
        }
      });
      socket.on("error", reject);
      socket.on("close", () => reject(new Error("the intake server closed before answering")));
    },
  );
  return new Response(status === 204 ? null : new Uint8Array(rest), { status, headers });
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
