import { PATCH as patchOrder, PUT as putOrder } from "../../app/api/v1/orders/[orderNo]/route";
import { POST as postComplaint } from "../../app/api/v1/complaints/route";
import { GET as getComplaint } from "../../app/api/v1/complaints/[id]/route";
import { POST as postLink } from "../../app/api/v1/h5-links/route";
import { POST as postUpload } from "../../app/api/v1/uploads/route";

/** Calls the real route handlers with real Request objects (no HTTP server needed for these). */
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

export const shopApi = {
  putOrder: (orderNo: string, body: unknown, options?: Options) =>
    putOrder(request("PUT", `/orders/${orderNo}`, body, options), params({ orderNo })),
  patchOrder: (orderNo: string, body: unknown, options?: Options) =>
    patchOrder(request("PATCH", `/orders/${orderNo}`, body, options), params({ orderNo })),
  postComplaint: (body: unknown, options?: Options & { idempotencyKey?: string }) =>
    postComplaint(
      request("POST", "/complaints", body, {
        ...options,
        headers: {
          ...(options?.idempotencyKey ? { "idempotency-key": options.idempotencyKey } : {}),
          ...options?.headers,
        },
      }),
      params({}),
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
