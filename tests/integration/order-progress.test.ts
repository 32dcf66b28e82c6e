import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { getCustomerOrder } from "../../lib/orders/get-customer-order";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { orderBody, shopApi } from "../support/shop-api";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const ITEMS = [
  { sku: "FR-MANGO-1KG", name: "海南贵妃芒 1kg", quantity: 1, unitPrice: "25.80" },
  { sku: "VG-TOMATO-1KG", name: "普罗旺斯西红柿 1kg", quantity: 2, unitPrice: "12.90" },
];

async function shippedOrder(orderNo: string, promisedAt: string) {
  const response = await shopApi.putOrder(
    orderNo,
    orderBody({ items: ITEMS, amount: "51.60", status: "shipped", promisedAt }),
  );
  expect(response.status).toBe(201);
  const { customerId } = await testDb.order.findUniqueOrThrow({ where: { orderNo }, select: { customerId: true } });
  return {
    anomalies: async () =>
      (await getCustomerOrder({ db: testDb, customerId, orderNo, keyring: testKeyring() })).anomalies,
  };
}

describe("order progress from the shop (PATCH /api/v1/orders/{orderNo})", () => {
  it("changes only what is sent, and the H5 order shows the anomalies it makes", async () => {
    const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
    const order = await shippedOrder("SO-P1", inAnHour);
    expect(await order.anomalies()).toEqual([]);

    const late = await shopApi.patchOrder("SO-P1", { promisedAt: new Date(Date.now() - 60_000).toISOString() });
    expect(late.status).toBe(200);
    expect(await order.anomalies()).toEqual(["delivery_overdue"]);

    await shopApi.patchOrder("SO-P1", { outOfStockSkus: ["VG-TOMATO-1KG"], paymentFailed: true });
    expect(await order.anomalies()).toEqual(["delivery_overdue", "out_of_stock", "payment_failed"]);
    const items = await testDb.orderItem.findMany({
      where: { order: { orderNo: "SO-P1" } },
      orderBy: { position: "asc" },
      select: { outOfStock: true },
    });
    expect(items).toEqual([{ outOfStock: false }, { outOfStock: true }]);

    // Delivered on time after all; the shop clears the other two.
    await shopApi.patchOrder("SO-P1", {
      status: "delivered",
      promisedAt: inAnHour,
      deliveredAt: new Date().toISOString(),
      paymentFailed: false,
      outOfStockSkus: [],
    });
    expect(await order.anomalies()).toEqual([]);
    const stored = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-P1" } });
    expect(stored).toMatchObject({ status: "delivered", paymentFailed: false });

    const audit = await testDb.auditLog.findMany({ where: { action: "order.progress" }, orderBy: { id: "asc" } });
    expect(audit).toHaveLength(3);
    expect(audit[1]).toMatchObject({
      actorType: "shop",
      before: expect.objectContaining({ paymentFailed: false, outOfStockSkus: [] }),
      after: { paymentFailed: true, outOfStockSkus: ["VG-TOMATO-1KG"] },
    });
  });

  it("refuses bad input with problem+json and writes nothing", async () => {
    await shippedOrder("SO-P2", new Date(Date.now() + 3_600_000).toISOString());
    const before = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-P2" }, include: { items: true } });
    const refusals: [unknown, number, string][] = [
      [{}, 422, "validation_failed"],
      [{ status: "teleported" }, 422, "validation_failed"],
      [{ promisedAt: "tomorrow" }, 422, "validation_failed"],
      [{ paymentFailed: "yes" }, 422, "validation_failed"],
      [{ outOfStockSkus: ["NOT-IN-ORDER"] }, 422, "validation_failed"],
      [{ amount: "1.00" }, 422, "validation_failed"],
      [{ outOfStockSkus: Array.from({ length: 201 }, (_, i) => `S${i}`) }, 422, "validation_failed"],
    ];
    for (const [body, status, code] of refusals) {
      const response = await shopApi.patchOrder("SO-P2", body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(status);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      expect((await response.json()).code).toBe(code);
    }
    expect((await shopApi.patchOrder("SO-NONE", { paymentFailed: true })).status).toBe(404);
    expect((await shopApi.patchOrder("SO-P2", { paymentFailed: true }, { key: "wrong" })).status).toBe(401);
    expect((await shopApi.patchOrder("SO-P2", undefined, { raw: "{not json" })).status).toBe(400);
    expect(await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-P2" }, include: { items: true } })).toEqual(
      before,
    );
    expect(await testDb.auditLog.count({ where: { action: "order.progress" } })).toBe(0);
  });
});
