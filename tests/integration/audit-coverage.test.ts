import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { submitSurvey } from "../../lib/surveys/submit-survey";
import { fileTestComplaint } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { JPEG, orderBody, shopApi } from "../support/shop-api";

/** Issue 12, point 8: what was not audited before is now, in the same transaction as the change. */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const entries = (action: string) => testDb.auditLog.findMany({ where: { action }, orderBy: { id: "asc" } });

describe("the audit log also records", () => {
  it("order creation, replacement and a move to another customer, by the shop", async () => {
    await shopApi.putOrder("SO-AUD-1", orderBody({ customer: { externalId: "CU-A", name: "甲", region: "上海" } }));
    await shopApi.putOrder(
      "SO-AUD-1",
      orderBody({ customer: { externalId: "CU-A", name: "甲", region: "上海" }, status: "shipped" }),
    );
    await shopApi.putOrder("SO-AUD-1", orderBody({ customer: { externalId: "CU-B", name: "乙", region: "上海" } }));
    const order = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-AUD-1" } });
    const [created] = await entries("order.created");
    expect(created).toMatchObject({
      actorType: "shop",
      targetType: "order",
      targetId: order.id,
      after: { orderNo: "SO-AUD-1", customer: "CU-A" },
    });
    expect((await entries("order.replaced"))[0]).toMatchObject({
      before: { customer: "CU-A", status: "delivered" },
      after: { status: "shipped", customer: "CU-A" },
    });
    expect((await entries("order.customer_changed"))[0]).toMatchObject({
      before: { customer: "CU-A" },
      after: { customer: "CU-B" },
    });
  });

  it("complaint intake (with its source and actor) and the photos uploaded for it", async () => {
    await shopApi.putOrder("SO-AUD-2", orderBody());
    const upload = await (await shopApi.postUpload(new Blob([JPEG], { type: "image/jpeg" }))).json();
    const created = await (
      await shopApi.postComplaint(
        { orderNo: "SO-AUD-2", category: "product.quality", description: "芒果烂了", images: [upload.id] },
        { idempotencyKey: "aud-2" },
      )
    ).json();
    expect((await entries("upload.stored"))[0]).toMatchObject({
      actorType: "shop",
      targetId: upload.id,
      after: { contentType: "image/jpeg" },
    });
    expect((await entries("complaint.created"))[0]).toMatchObject({
      actorType: "shop",
      targetId: created.id,
      after: { orderNo: "SO-AUD-2", category: "product.quality", source: "api", images: 1 },
    });
  });

  it("a customer's survey answer", async () => {
    const { id } = await fileTestComplaint();
    const { customerId } = await testDb.complaint.update({
      where: { id },
      data: { status: "resolved" },
      select: { customerId: true },
    });
    await submitSurvey({ db: testDb, customerId, input: { complaintId: id, csat: 2, comment: "还行" } });
    expect((await entries("survey.submitted"))[0]).toMatchObject({
      actorType: "customer",
      actorId: customerId,
      targetId: id,
      after: { csat: 2, nps: null },
    });
  });

  it("the automatic refund", async () => {
    const { id } = await fileTestComplaint({ category: "product.out_of_stock", description: "缺货", amount: "25.80" });
    expect((await entries("compensation.auto_refund"))[0]).toMatchObject({
      actorType: "system",
      after: { complaintId: id, amount: "25.80", rule: "out_of_stock_under_50" },
    });
  });
});
