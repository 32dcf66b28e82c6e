import { describe, expect, it } from "vitest";
import { orderAnomalies } from "./order-anomalies";

const now = new Date("2026-12-01T10:00:00Z");
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
const order = (fields: Partial<Parameters<typeof orderAnomalies>[0]["order"]> = {}) => ({
  status: "shipped",
  promisedAt: null,
  deliveredAt: null,
  paymentFailed: false,
  items: [{ outOfStock: false }],
  ...fields,
});

describe("order anomalies", () => {
  it("a promised time passed without delivery, or a delivery after it, is overdue", () => {
    expect(orderAnomalies({ order: order({ promisedAt: at(-1) }), now })).toEqual(["delivery_overdue"]);
    expect(orderAnomalies({ order: order({ promisedAt: at(1) }), now })).toEqual([]);
    // Exactly on time is on time.
    expect(orderAnomalies({ order: order({ promisedAt: now }), now })).toEqual([]);
    expect(
      orderAnomalies({ order: order({ status: "delivered", promisedAt: at(-60), deliveredAt: at(-30) }), now }),
    ).toEqual(["delivery_overdue"]);
    expect(
      orderAnomalies({ order: order({ status: "delivered", promisedAt: at(-60), deliveredAt: at(-90) }), now }),
    ).toEqual([]);
    // Delivered, the time not reported: not called late on a guess.
    expect(orderAnomalies({ order: order({ status: "delivered", promisedAt: at(-60) }), now })).toEqual([]);
    // Nothing is coming for a cancelled or refunded order.
    for (const status of ["cancelled", "refunded"])
      expect(orderAnomalies({ order: order({ status, promisedAt: at(-60) }), now })).toEqual([]);
    // No promise, no delay.
    expect(orderAnomalies({ order: order({ status: "paid" }), now })).toEqual([]);
  });

  it("an item not supplied and a failed payment are anomalies of their own, in a fixed order", () => {
    expect(
      orderAnomalies({
        order: order({ promisedAt: at(-5), paymentFailed: true, items: [{ outOfStock: false }, { outOfStock: true }] }),
        now,
      }),
    ).toEqual(["delivery_overdue", "out_of_stock", "payment_failed"]);
    expect(orderAnomalies({ order: order({ items: [] }), now })).toEqual([]);
  });
});
