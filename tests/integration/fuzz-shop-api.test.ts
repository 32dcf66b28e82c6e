/**
 * Fuzzing the shop API (issue 12.12): every public input of /api/v1 — bodies, headers, path
 * parameters — with random and hostile values, through the real route handlers and the real
 * database. Properties: never a 5xx; a refusal is translated problem+json; a refusal writes
 * nothing; a valid request still succeeds and stores exactly what was sent.
 * Seeds are fixed; see tests/support/fuzz.ts for replaying a failure.
 */
import { randomUUID } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getComplaint } from "../../app/api/v1/complaints/[id]/route";
import { PUT as putOrder } from "../../app/api/v1/orders/[orderNo]/route";
import { POST as postUpload } from "../../app/api/v1/uploads/route";
import { orderNoSchema } from "../../lib/orders/order-schemas";
import { MAX_FEN } from "../../lib/money";
import { resetData, testDb } from "../support/db-helpers";
import {
  allRowCounts,
  expectNoServerError,
  FUZZ_TIMEOUT,
  fuzzParams,
  headerValue,
  hostileString,
  hostileValue,
  mutateAt,
  pathsOf,
  RAW,
  rawNumber,
  toJsonText,
} from "../support/fuzz";
import { apiKey, orderBody, shopApi } from "../support/shop-api";

const ORDER = "SO-FZ-1";
let complaintId: string;

beforeAll(async () => {
  await resetData();
  expect(
    (
      await shopApi.putOrder(
        ORDER,
        orderBody({ amount: "88.00", items: [{ sku: "A", name: "芒果", quantity: 1, unitPrice: "88.00" }] }),
      )
    ).status,
  ).toBe(201);
  const filed = await shopApi.postComplaint(
    { orderNo: ORDER, category: "product.quality", description: "芒果烂了" },
    { idempotencyKey: randomUUID() },
  );
  expect(filed.status).toBe(201);
  complaintId = (await filed.json()).id;
});
afterAll(() => testDb.$disconnect());

const validComplaint = () => ({
  orderNo: ORDER,
  category: "product.quality",
  description: "芒果烂了两个",
  images: [] as string[],
  contact: "13900000000",
});
const validLink = () => ({ orderNo: ORDER, entry: "order_detail" });

type Route = "order" | "complaint" | "link";
/** `key: null` when the caller's headers carry their own Authorization. */
const send = (route: Route, raw: string, headers: Record<string, string> = {}, key?: null) =>
  route === "order"
    ? shopApi.putOrder("SO-FZ-2", undefined, { raw, headers, key })
    : route === "complaint"
      ? shopApi.postComplaint(undefined, { raw, headers, key, idempotencyKey: randomUUID() })
      : shopApi.postLink(undefined, { raw, headers, key });

/** A path segment as a client would encode it (a lone surrogate becomes U+FFFD, as in a browser). */
const segment = (value: string) => encodeURIComponent(value.toWellFormed());

/** Sends, then: no 5xx, a well-formed problem on refusal, and nothing written when refused. */
async function refusedWritesNothing(call: () => Promise<Response>) {
  const before = await allRowCounts();
  const response = await call();
  const problem = await expectNoServerError(response);
  if (problem) expect(await allRowCounts()).toEqual(before);
  return { response, problem };
}

/** A near-valid body: a valid one with one value replaced (a hostile value, an unwritable number) or removed. */
const nearValid = (valid: unknown) =>
  fc
    .tuple(
      fc.constantFrom(...pathsOf(valid)),
      fc.oneof(
        { weight: 6, arbitrary: hostileValue },
        { weight: 1, arbitrary: rawNumber },
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    )
    .map(([path, value]) => ({
      path: path.join("."),
      text: toJsonText(mutateAt(valid, path, value) ?? {}),
    }));

describe("shop API bodies", () => {
  it(
    "arbitrary JSON values on every JSON route: never a 5xx, a translated problem, nothing written",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Route>("order", "complaint", "link"),
          fc.oneof(hostileValue, rawNumber),
          async (route, body) => {
            await refusedWritesNothing(() => send(route, toJsonText(body)));
          },
        ),
        fuzzParams(120),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "near-valid complaints (one field mutated)",
    async () => {
      await fc.assert(
        fc.asyncProperty(nearValid(validComplaint()), async ({ text }) => {
          await refusedWritesNothing(() => send("complaint", text));
        }),
        fuzzParams(150, [
          [{ path: "description", text: toJsonText({ ...validComplaint(), description: "芒果\u0000烂了" }) }],
          [{ path: "description", text: toJsonText({ ...validComplaint(), description: "x\udfffy" }) }],
          [{ path: "contact", text: toJsonText({ ...validComplaint(), contact: "\u0000" }) }],
          [{ path: "images", text: toJsonText({ ...validComplaint(), images: { length: 1, 0: randomUUID() } }) }],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "near-valid orders (one field mutated)",
    async () => {
      const valid = orderBody({
        customer: { externalId: "CU-FZ", name: "测试客户", phone: "13900000001", tier: "vip", region: "上海" },
        promisedAt: "2026-11-22T09:00:00+08:00",
      });
      await fc.assert(
        fc.asyncProperty(nearValid(valid), async ({ text }) => {
          await refusedWritesNothing(() => send("order", text));
        }),
        fuzzParams(150, [
          [{ path: "customer.region", text: toJsonText(mutateAt(valid, ["customer", "region"], "上\u0000海")) }],
          [{ path: "customer.name", text: toJsonText(mutateAt(valid, ["customer", "name"], "\ud800")) }],
          [{ path: "customer.externalId", text: toJsonText(mutateAt(valid, ["customer", "externalId"], "\ud800")) }],
          [{ path: "items.0.name", text: toJsonText(mutateAt(valid, ["items", 0, "name"], "芒\u0000")) }],
          [{ path: "amount", text: toJsonText(mutateAt(valid, ["amount"], RAW("number", "1e309"))) }],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "near-valid H5 link requests (one field mutated)",
    async () => {
      await fc.assert(
        fc.asyncProperty(nearValid(validLink()), async ({ text }) => {
          await refusedWritesNothing(() => send("link", text));
        }),
        fuzzParams(100),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "raw non-JSON bodies under any content type, on every route",
    async () => {
      const raw = fc.oneof(
        hostileString,
        fc.constantFrom(
          "",
          "{",
          "[",
          '{"orderNo":',
          "\ufeff{}",
          '{"a":1}garbage',
          "null",
          "1e309",
          "'single'",
          "{a:1}",
          "x".repeat(300_000),
          `{"d":"${"y".repeat(270_000)}"}`,
        ),
        fc.string({ unit: "binary", maxLength: 200 }),
      );
      const contentType = fc.oneof(
        fc.constantFrom(
          "application/json",
          "application/json; charset=utf-8",
          "APPLICATION/JSON",
          "application/problem+json",
          "application/vnd.kesu+json",
          "application/jsonx",
          "text/json",
          "text/plain",
          "",
          "application/x-www-form-urlencoded",
          "multipart/form-data",
          "multipart/form-data; boundary=xyz",
        ),
        headerValue,
      );
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom<Route | "upload">("order", "complaint", "link", "upload"),
          raw,
          contentType,
          async (route, body, type) => {
            const headers = { "content-type": type };
            await refusedWritesNothing(() =>
              route === "upload"
                ? postUpload(
                    new Request("http://localhost:3999/api/v1/uploads", {
                      method: "POST",
                      headers: { ...headers, authorization: `Bearer ${apiKey()}` },
                      body,
                    }),
                    { params: Promise.resolve({}) },
                  )
                : send(route, body, headers),
            );
          },
        ),
        fuzzParams(150),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "valid bodies still succeed and store exactly what was sent",
    async () => {
      const text = (max: number) =>
        fc
          .string({
            unit: fc.oneof(
              fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
              fc.constantFrom("芒", "果", "😀", "é", " "),
            ),
            minLength: 1,
            maxLength: Math.min(max, 60),
          })
          .map((s) => s.trim())
          .filter((s) => s.length > 0 && s.length <= max && [...s].length <= max);
      const yuan = fc
        .integer({ min: 0, max: MAX_FEN })
        .chain((fen) => fc.constantFrom<string | number>(fen / 100, (fen / 100).toFixed(2), String(fen / 100)));
      const body = fc.record({
        orderNo: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
        customer: fc.record({
          externalId: text(64),
          name: text(100),
          region: text(64),
          tier: fc.constantFrom("normal", "vip"),
        }),
        amount: yuan,
        status: fc.constantFrom("pending", "paid", "shipped", "delivered", "cancelled", "refunded"),
        description: text(300),
        category: fc.constantFrom("product.quality", "product.out_of_stock", "delivery.late", "service.slow"),
        contact: fc.option(text(64), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const orderNo = `${b.orderNo}-${randomUUID().slice(0, 8)}`.slice(-64);
          const order = await shopApi.putOrder(
            orderNo,
            orderBody({
              customer: b.customer,
              amount: b.amount,
              status: b.status,
              items: [{ sku: "S", name: b.customer.name, quantity: "1.5", unitPrice: b.amount }],
            }),
          );
          await expectNoServerError(order);
          expect(order.status).toBe(201);
          const stored = await testDb.order.findUniqueOrThrow({
            where: { orderNo },
            select: { customer: { select: { region: true } }, items: { select: { name: true } } },
          });
          expect(stored.customer.region).toBe(b.customer.region);
          expect(stored.items[0]!.name).toBe(b.customer.name);

          const filed = await shopApi.postComplaint(
            { orderNo, category: b.category, description: b.description, contact: b.contact },
            { idempotencyKey: randomUUID() },
          );
          await expectNoServerError(filed);
          expect(filed.status).toBe(201);
          const { id } = await filed.json();
          expect(
            (await testDb.complaint.findUniqueOrThrow({ where: { id }, select: { description: true } })).description,
          ).toBe(b.description);
          const view = await shopApi.getComplaint(id, { headers: { "accept-language": "es" } });
          expect(view.status).toBe(200);
        }),
        fuzzParams(25),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("shop API headers", () => {
  const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;

  it(
    "Idempotency-Key and Accept-Language of any bytes: a key outside printable ASCII ≤ 255 is refused with 400 and nothing written",
    async () => {
      const key = fc.oneof(
        headerValue,
        fc.constantFrom(
          "a",
          "k".repeat(255),
          "k".repeat(256),
          "\u007fkey",
          "key with space",
          Buffer.from("ключ").toString("latin1"),
          "é",
        ),
        fc.uuid(),
      );
      await fc.assert(
        fc.asyncProperty(key, headerValue, async (idempotencyKey, acceptLanguage) => {
          const before = await allRowCounts();
          // An order that does not exist: a key that passes is told so (404) and nothing is created either way.
          const response = await shopApi.postComplaint(
            { ...validComplaint(), orderNo: "SO-NONE" },
            { headers: { "idempotency-key": idempotencyKey, "accept-language": acceptLanguage } },
          );
          const problem = await expectNoServerError(response);
          const sent = new Headers({ k: idempotencyKey }).get("k")!;
          expect(problem?.code).toBe(KEY_PATTERN.test(sent) ? "order_not_found" : "idempotency_key_missing");
          expect(await allRowCounts()).toEqual(before);
        }),
        fuzzParams(100, [
          ["", "en"],
          ["k".repeat(10_240), "zh;q=NaN, en;q=1e309"],
          ["a\tb", "*"],
          ["é", "x".repeat(10_240)],
        ]),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "Authorization variants: anything but `Bearer <key>` is 401 before anything is read or written",
    async () => {
      const key = apiKey();
      const authorization = fc.oneof(
        fc.constantFrom(
          `Bearer ${key}`,
          `bearer ${key}`,
          `BEARER   ${key}  `,
          `Bearer\t${key}`,
          "Bearer",
          "Bearer ",
          `Basic ${Buffer.from(`x:${key}`).toString("base64")}`,
          key,
          `Bearer ${key}x`,
          `Bearer ${key.slice(0, -1)}`,
          `Bearer ${key}, Bearer other`,
          `Token ${key}`,
          `Bearer ${"x".repeat(10_240)}`,
          "",
        ),
        headerValue,
        headerValue.map((v) => `Bearer ${v}`),
      );
      await fc.assert(
        fc.asyncProperty(
          authorization,
          fc.constantFrom("order", "complaint", "link", "get", "upload"),
          async (header, route) => {
            const sent = new Headers({ authorization: header }).get("authorization")!;
            const match = /^Bearer\s+(.+)$/i.exec(sent);
            const accepted = match?.[1]!.trim() === key;
            const headers = { authorization: header };
            const before = await allRowCounts();
            const response =
              route === "get"
                ? await shopApi.getComplaint(complaintId, { key: null, headers })
                : route === "upload"
                  ? await postUpload(
                      new Request("http://localhost:3999/api/v1/uploads", {
                        method: "POST",
                        headers: { ...headers, "content-type": "text/plain" },
                        body: "x",
                      }),
                      { params: Promise.resolve({}) },
                    )
                  : await send(route, "{", headers, null);
            const problem = await expectNoServerError(response);
            if (!accepted) {
              expect(response.status).toBe(401);
              expect(problem?.code).toBe("unauthorized");
            } else expect(response.status).not.toBe(401);
            if (problem) expect(await allRowCounts()).toEqual(before);
          },
        ),
        fuzzParams(150),
      );
    },
    FUZZ_TIMEOUT,
  );
});

describe("shop API path parameters", () => {
  const param = fc.oneof(
    hostileString,
    fc.constantFrom(
      "SO%2F..%2Fadmin",
      "SO/../x",
      "a/b",
      "%",
      "%ZZ",
      "..",
      ".",
      "SO-FZ-1 ",
      " SO-FZ-1",
      "SO-FZ-1\n",
      "ＳＯ１",
      "x".repeat(65),
      "x".repeat(64),
      "1;SELECT pg_sleep(1)",
      "1' OR '1'='1",
      "${jndi:ldap://x}",
    ),
    fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  );

  it(
    "orderNo: an order number outside [A-Za-z0-9_-]{1,64} is refused (422, field orderNo) and nothing is written",
    async () => {
      await fc.assert(
        fc.asyncProperty(param, async (orderNo) => {
          const before = await allRowCounts();
          // What Next hands the handler: the decoded path segment.
          const response = await putOrder(
            new Request(`http://localhost:3999/api/v1/orders/${segment(orderNo)}`, {
              method: "PUT",
              headers: { authorization: `Bearer ${apiKey()}`, "content-type": "application/json" },
              body: JSON.stringify(orderBody()),
            }),
            { params: Promise.resolve({ orderNo }) },
          );
          const problem = await expectNoServerError(response);
          if (orderNoSchema.safeParse(orderNo).success) expect([200, 201]).toContain(response.status);
          else {
            expect(response.status).toBe(422);
            expect(new Set(problem?.errors?.map((e) => e.field))).toEqual(new Set(["orderNo"]));
            expect(await allRowCounts()).toEqual(before);
          }
        }),
        fuzzParams(100),
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    "complaint id: anything but an existing complaint's id is 404 complaint_not_found",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            param,
            fc.uuid(),
            fc.constant(complaintId.toUpperCase()),
            fc.constant(`${complaintId} `),
            fc.constant(`{${complaintId}}`),
          ),
          async (id) => {
            const response = await getComplaint(
              new Request(`http://localhost:3999/api/v1/complaints/${segment(id)}`, {
                headers: { authorization: `Bearer ${apiKey()}` },
              }),
              { params: Promise.resolve({ id }) },
            );
            const problem = await expectNoServerError(response);
            if (id.toLowerCase() === complaintId) expect(response.status).toBe(200);
            else expect(problem?.code).toBe("complaint_not_found");
          },
        ),
        fuzzParams(150),
      );
    },
    FUZZ_TIMEOUT,
  );
});
