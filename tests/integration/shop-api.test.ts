import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { orderAmountFen } from "../../lib/orders/order-amount";
import { testKeyring } from "../support/complaints";
import { resetData, rowCounts, testDb } from "../support/db-helpers";
import { JPEG, orderBody, shopApi } from "../support/shop-api";

beforeEach(resetData);
afterAll(() => testDb.$disconnect());

const complaint = (overrides: Record<string, unknown> = {}) => ({
  orderNo: "SO-T1",
  category: "product.quality",
  description: "芒果烂了两个",
  ...overrides,
});

describe("PUT /api/v1/orders/{orderNo}", () => {
  it("creates, then replaces, an order with its customer and items; the phone is stored encrypted", async () => {
    const created = await shopApi.putOrder("SO-T1", orderBody());
    expect(created.status).toBe(201);
    const updated = await shopApi.putOrder(
      "SO-T1",
      orderBody({ amount: 99.9, items: [{ sku: "VG-1", name: "菠菜", quantity: "0.5", unitPrice: 99.9 }] }),
    );
    expect(updated.status).toBe(200);
    const order = await testDb.order.findUniqueOrThrow({
      where: { orderNo: "SO-T1" },
      include: { items: true, customer: true },
    });
    expect(orderAmountFen(order, testKeyring())).toBe(9990);
    expect(order).toMatchObject({ amountBand: "under_200", legacyAmount: null });
    expect(order.amountEnc).toMatch(/^v3\./);
    expect(order.items.map((i) => i.name)).toEqual(["菠菜"]);
    expect(order.customer.contactEnc).toMatch(/^v3\./);
    expect(order.customer.contactEnc).not.toContain("13900000001");
  });

  it("lists every invalid field and writes nothing", async () => {
    const response = await shopApi.putOrder(
      "SO-T1",
      orderBody({ amount: 1.234, status: "lost", placedAt: "yesterday", items: [], customer: { name: "" } }),
      { headers: { "accept-language": "en" } },
    );
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await response.json();
    expect(problem.code).toBe("validation_failed");
    const fields = problem.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        "amount",
        "status",
        "placedAt",
        "items",
        "customer.externalId",
        "customer.name",
        "customer.region",
      ]),
    );
    expect(problem.errors.find((e: { field: string }) => e.field === "amount").message).toBe(
      "Must be an amount in yuan with at most 2 decimals.",
    );
    expect((await rowCounts()).orders).toBe(0);
  });

  it("refuses duplicate SKUs and a bad order number", async () => {
    const dup = await shopApi.putOrder(
      "SO-T1",
      orderBody({
        items: [
          { sku: "A", name: "a", quantity: 1, unitPrice: 1 },
          { sku: "A", name: "a", quantity: 1, unitPrice: 1 },
        ],
      }),
    );
    expect((await dup.json()).errors[0]).toMatchObject({ field: "items.1.sku", code: "duplicate_sku" });
    expect((await shopApi.putOrder("SO T1/..", orderBody())).status).toBe(422);
  });
});

describe("authorisation and malformed requests", () => {
  it("refuses a missing or wrong key before reading anything", async () => {
    for (const key of [null, "wrong-key"]) {
      const response = await shopApi.postComplaint(complaint(), { key, idempotencyKey: "a" });
      expect(response.status).toBe(401);
      expect((await response.json()).code).toBe("unauthorized");
    }
    expect((await shopApi.getComplaint("00000000-0000-0000-0000-000000000000", { key: "nope" })).status).toBe(401);
    expect((await shopApi.putOrder("SO-T1", orderBody(), { key: null })).status).toBe(401);
  });

  it("answers malformed JSON with 400 and a wrong content type with 415", async () => {
    const bad = await shopApi.postComplaint(undefined, { raw: "{", idempotencyKey: "a" });
    expect(bad.status).toBe(400);
    expect((await bad.json()).title).toBe("请求体不是有效的 JSON。");
    const text = await shopApi.putOrder("SO-T1", undefined, { raw: "x", headers: { "content-type": "text/plain" } });
    expect(text.status).toBe(415);
  });
});

describe("POST /api/v1/complaints", () => {
  beforeEach(async () => {
    await shopApi.putOrder("SO-T1", orderBody());
  });

  it("triages and answers with the complaint", async () => {
    const response = await shopApi.postComplaint(complaint(), { idempotencyKey: "k-1" });
    expect(response.status).toBe(201);
    const body = await response.json();
    expect(body).toMatchObject({ status: "new", priority: "high", group: "product", compensations: [] });
    const created = await testDb.complaint.findUniqueOrThrow({ where: { id: body.id } });
    expect(new Date(body.firstResponseDueAt).getTime() - created.createdAt.getTime()).toBe(30 * 60_000);
  });

  it("requires an Idempotency-Key and returns the same complaint for the same key", async () => {
    expect((await shopApi.postComplaint(complaint())).status).toBe(400);
    const first = await (await shopApi.postComplaint(complaint(), { idempotencyKey: "same" })).json();
    const again = await shopApi.postComplaint(complaint(), { idempotencyKey: "same" });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).id).toBe(first.id);
    expect((await rowCounts()).complaints).toBe(1);
    const reused = await shopApi.postComplaint(complaint({ description: "另一件事" }), { idempotencyKey: "same" });
    expect(reused.status).toBe(422);
    expect((await reused.json()).code).toBe("idempotency_key_reused");
    // The key's reuse is what is wrong, whatever else the new body would run into.
    const elsewhere = await shopApi.postComplaint(complaint({ orderNo: "SO-NOPE" }), { idempotencyKey: "same" });
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).code).toBe("idempotency_key_reused");
    expect((await rowCounts()).complaints).toBe(1);
  });

  it("gives each bad input its own 4xx and writes nothing", async () => {
    const before = await rowCounts();
    const cases: [unknown, number, string][] = [
      [complaint({ orderNo: "SO-NOPE" }), 404, "order_not_found"],
      [complaint({ description: "好".repeat(301) }), 422, "validation_failed"],
      [complaint({ category: "product.rotten" }), 422, "validation_failed"],
      [complaint({ images: ["00000000-0000-4000-8000-000000000001"] }), 404, "upload_not_found"],
      // The same refusal inside the refund path's transaction (out of stock under ¥50 may be refunded).
      [
        complaint({ category: "product.out_of_stock", images: ["00000000-0000-4000-8000-000000000001"] }),
        404,
        "upload_not_found",
      ],
      [complaint({ images: Array(4).fill("00000000-0000-4000-8000-000000000001") }), 422, "validation_failed"],
      [complaint({ images: Array(2).fill("00000000-0000-4000-8000-000000000001") }), 422, "validation_failed"],
    ];
    for (const [index, [body, status, code]] of cases.entries()) {
      const response = await shopApi.postComplaint(body, { idempotencyKey: `bad-${index}` });
      expect(response.status, code).toBe(status);
      expect((await response.json()).code).toBe(code);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses a malformed request before any database work — not even the rate limit's write", async () => {
    // Hits, not rows: the key's counter is sharded, and a hit may land on an existing row.
    const hits = async () => (await testDb.rateLimitHit.aggregate({ _sum: { hits: true } }))._sum.hits ?? 0;
    const before = await hits();
    const malformed = [
      shopApi.postComplaint(undefined, { idempotencyKey: "m-1", raw: '{"orderNo": ' }),
      shopApi.postComplaint(complaint({ category: "no.such.type" }), { idempotencyKey: "m-2" }),
      shopApi.postComplaint(complaint()),
      shopApi.putOrder("SO-T9", { customer: {} }),
    ];
    expect((await Promise.all(malformed)).map((r) => r.status)).toEqual([400, 422, 400, 422]);
    expect(await hits()).toBe(before);
    // A well-formed one is counted.
    await shopApi.postComplaint(complaint({ orderNo: "SO-NOPE" }), { idempotencyKey: "m-3" });
    expect(await hits()).toBeGreaterThan(before);
  });

  it("counts the description in characters: 300 Chinese characters pass, 301 do not", async () => {
    expect(
      (await shopApi.postComplaint(complaint({ description: "烂".repeat(300) }), { idempotencyKey: "300" })).status,
    ).toBe(201);
    const tooLong = await (
      await shopApi.postComplaint(complaint({ description: "烂".repeat(301) }), { idempotencyKey: "301" })
    ).json();
    expect(tooLong.errors).toEqual([{ field: "description", code: "too_long", message: "不能超过 300 个字符。" }]);
  });

  it("attaches uploaded photos, and a photo only once", async () => {
    const upload = await shopApi.postUpload(new Blob([JPEG], { type: "image/jpeg" }));
    expect(upload.status).toBe(201);
    const { id } = await upload.json();
    const body = await (await shopApi.postComplaint(complaint({ images: [id] }), { idempotencyKey: "p1" })).json();
    const stored = await testDb.upload.findUniqueOrThrow({ where: { id } });
    expect(stored.complaintId).toBe(body.id);
    expect(stored.customerId).not.toBeNull();
    const second = await shopApi.postComplaint(complaint({ images: [id] }), { idempotencyKey: "p2" });
    expect((await second.json()).code).toBe("upload_in_use");
  });

  it("refuses uploads that are not JPEG/PNG/WebP or too large", async () => {
    const gif = await shopApi.postUpload(new Blob([Buffer.from("GIF89a-not-allowed")], { type: "image/jpeg" }));
    expect(gif.status).toBe(415);
    expect((await gif.json()).code).toBe("file_type_not_allowed");
    const big = new Uint8Array(5 * 1024 * 1024 + 1);
    big.set(JPEG);
    expect((await shopApi.postUpload(new Blob([big]))).status).toBe(413);
    expect((await shopApi.postUpload(null)).status).toBe(422);
    expect((await rowCounts()).uploads).toBe(0);
  });
});

describe("automatic refund (out of stock under ¥50)", () => {
  beforeEach(async () => {
    await shopApi.putOrder("SO-T1", orderBody());
  });

  it("refunds the order amount once, resolves the complaint and says so on the timeline", async () => {
    const created = await (
      await shopApi.postComplaint(complaint({ category: "product.out_of_stock", description: "缺货" }), {
        idempotencyKey: "oos",
      })
    ).json();
    expect(created.status).toBe("resolved");
    expect(created.compensations).toEqual([{ type: "refund", amount: 25.8, status: "succeeded" }]);
    const view = await (await shopApi.getComplaint(created.id)).json();
    expect(view.timeline.map((e: { text: string }) => e.text)).toContain("系统已自动为您退款¥25.80");
    expect(view.timeline.map((e: { kind: string }) => e.kind)).not.toContain("triaged");
  });

  it("happens exactly once under 10 parallel identical requests", async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        shopApi.postComplaint(complaint({ category: "product.out_of_stock", description: "缺货" }), {
          idempotencyKey: "parallel",
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set(await Promise.all(responses.map(async (r) => (await r.json()).id)));
    expect(ids.size).toBe(1);
    expect(await testDb.compensation.count()).toBe(1);
    expect(await testDb.complaint.count()).toBe(1);
  });

  it("refunds an order once even when several complaints about it race", async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        shopApi.postComplaint(complaint({ category: "product.out_of_stock", description: `缺货 ${i}` }), {
          idempotencyKey: `race-${i}`,
        }),
      ),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    expect(await testDb.complaint.count()).toBe(10);
    const refunds = await testDb.compensation.findMany();
    expect(refunds).toHaveLength(1);
    expect(refunds[0].amount.toString()).toBe("25.8");
  });

  it("leaves orders of ¥50 and more to people", async () => {
    await shopApi.putOrder(
      "SO-T2",
      orderBody({ amount: 50, items: [{ sku: "X", name: "x", quantity: 1, unitPrice: 50 }] }),
    );
    const body = await (
      await shopApi.postComplaint(complaint({ orderNo: "SO-T2", category: "product.out_of_stock" }), {
        idempotencyKey: "50",
      })
    ).json();
    expect(body).toMatchObject({ status: "new", compensations: [] });
  });
});

describe("GET /api/v1/complaints/{id}", () => {
  it("answers 404 for unknown and malformed ids", async () => {
    expect((await shopApi.getComplaint("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await shopApi.getComplaint("../../etc")).status).toBe(404);
  });

  it("shows the customer-visible timeline in the caller's language", async () => {
    await shopApi.putOrder("SO-T1", orderBody());
    const { id } = await (
      await shopApi.postComplaint(complaint({ category: "delivery.late", description: "配送晚了一点" }), {
        idempotencyKey: "g",
      })
    ).json();
    const view = await (await shopApi.getComplaint(id, { headers: { "accept-language": "es" } })).json();
    expect(view).toMatchObject({
      id,
      orderNo: "SO-T1",
      category: "delivery.late",
      status: "new",
      priority: "medium",
      group: "delivery",
      compensations: [],
    });
    expect(view.timeline).toEqual([
      { at: expect.any(String), kind: "submitted", text: "Tu reclamación se ha enviado: Entrega tardía" },
    ]);
  });
});

describe("POST /api/v1/h5-links", () => {
  it("signs a link for a known order and refuses an unknown one", async () => {
    await shopApi.putOrder("SO-T1", orderBody());
    const response = await shopApi.postLink({ orderNo: "SO-T1" });
    expect(response.status).toBe(201);
    const { url, expiresAt } = await response.json();
    expect(url).toMatch(/^http:\/\/localhost:3999\/h5\/enter\?t=[\w-]+\.[\w-]+$/);
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect((await shopApi.postLink({ orderNo: "SO-NOPE" })).status).toBe(404);
    expect((await shopApi.postLink({ orderNo: "SO-T1", entry: "nowhere" })).status).toBe(422);
  });
});
