import { expect, test } from "@playwright/test";
import { E2E_API_KEY } from "./constants";
import { h5Link, putOrder } from "./support";

const run = Date.now().toString(36).toUpperCase();
const orderNo = `E2EFL${run}`;

test("the shop reports an order overdue and an item out of stock; the H5 offers each fast lane with its type chosen", async ({
  page,
  request,
}) => {
  await putOrder(request, orderNo, { externalId: `FL-${run}`, name: "快速通道" }, "66.00");
  const patch = (data: unknown) =>
    request.patch(`/api/v1/orders/${orderNo}`, { headers: { authorization: `Bearer ${E2E_API_KEY}` }, data });
  expect(
    (
      await patch({ status: "shipped", deliveredAt: null, promisedAt: new Date(Date.now() - 600_000).toISOString() })
    ).status(),
  ).toBe(200);

  await page.goto(await h5Link(page.request, orderNo));
  const lane = page.getByTestId("fast-lane");
  await expect(lane).toHaveCount(1);
  await expect(lane).toHaveAttribute("data-anomaly", "delivery_overdue");
  await lane.click();
  await expect(page).toHaveURL(/type=delivery\.late$/);
  await expect(page.getByRole("radio", { name: "延迟送达" })).toHaveAttribute("aria-checked", "true");
  // The lane it stands in is not offered again.
  await expect(page.getByTestId("fast-lane")).toHaveCount(0);

  expect((await patch({ outOfStockSkus: [`SKU-${orderNo}`] })).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("fast-lane")).toHaveAttribute("data-anomaly", "out_of_stock");
  await page.goto("/h5");
  await expect(page.getByTestId("fast-lane").first()).toHaveAttribute("data-anomaly", "delivery_overdue");
});
