import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { upsertOrderSchema } from "../../lib/orders/order-schemas";
import { upsertOrder } from "../../lib/orders/upsert-order";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { orderBody } from "../support/shop-api";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const put = (orderNo: string, externalId: string) =>
  upsertOrder({
    db: testDb,
    orderNo,
    input: upsertOrderSchema.parse(orderBody({ customer: { externalId, name: externalId, region: "上海" } })),
    keyring: testKeyring(),
  });

describe("moving orders between customers", () => {
  it("two orders moving in opposite directions at the same moment both land (no deadlock), round after round", async () => {
    await put("SO-MOVE-X", "CU-MOVE-A");
    await put("SO-MOVE-Y", "CU-MOVE-B");
    for (let round = 0; round < 12; round += 1) {
      // X goes to B while Y goes to A; the next round swaps them back.
      const [toX, toY] = round % 2 === 0 ? ["CU-MOVE-B", "CU-MOVE-A"] : ["CU-MOVE-A", "CU-MOVE-B"];
      const results = await Promise.allSettled([put("SO-MOVE-X", toX), put("SO-MOVE-Y", toY)]);
      expect(results.map((r) => (r.status === "rejected" ? String(r.reason) : "ok"))).toEqual(["ok", "ok"]);
      const owners = await testDb.order.findMany({
        where: { orderNo: { in: ["SO-MOVE-X", "SO-MOVE-Y"] } },
        select: { orderNo: true, customer: { select: { externalId: true } } },
        orderBy: { orderNo: "asc" },
      });
      expect(owners.map((o) => o.customer.externalId)).toEqual([toX, toY]);
    }
    expect(await testDb.auditLog.count({ where: { action: "order.customer_changed" } })).toBe(24);
  });
});
