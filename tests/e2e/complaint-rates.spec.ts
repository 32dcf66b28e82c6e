import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_API_KEY } from "./constants";
import { postComplaint, staffPage } from "./support";

/**
 * Issue 16, point 4: the dashboard's complaint rates per 1 000 orders by type, region and product,
 * from orders and complaints sent through the shop API; a product row opens the queue on exactly
 * its complaints. A region of this run's own keeps other specs' data out of the numbers.
 */
const run = Date.now().toString(36);
const region = `率测${run}`;
const sku = (name: string) => `RATE-${name}-${run}`;

async function putOrder(request: APIRequestContext, orderNo: string, skus: string[]) {
  const response = await request.put(`/api/v1/orders/${orderNo}`, {
    headers: { authorization: `Bearer ${E2E_API_KEY}` },
    data: {
      customer: { externalId: `RATE-CU-${orderNo}`, name: "率测客户", region },
      items: skus.map((s) => ({ sku: s, name: `测试果 ${s}`, quantity: 1, unitPrice: "20.00" })),
      amount: (20 * skus.length).toFixed(2),
      status: "delivered",
      placedAt: new Date(Date.now() - 3_600_000).toISOString(),
    },
  });
  expect(response.ok(), await response.text()).toBe(true);
}

const rows = (page: Page, table: string) =>
  page
    .getByTestId(`rates-${table}`)
    .locator("tbody tr")
    .evaluateAll((trs) =>
      trs.map((tr) => {
        const cells = [...tr.querySelectorAll("td")].map((td) => td.textContent?.trim() ?? "");
        const link = tr.querySelector("a")!;
        return { key: link.getAttribute("data-key"), count: Number(link.getAttribute("data-count")), cells };
      }),
    );

test("the dashboard shows complaints per 1 000 orders by type, region and product, and a product row opens its complaints", async ({
  browser,
  request,
}) => {
  // Four orders: durian in all of them, mango in one; three complaints, two on mango's order.
  const orders = [0, 1, 2, 3].map((i) => `RATE-${run}-${i}`);
  await putOrder(request, orders[0]!, [sku("DURIAN"), sku("MANGO")]);
  for (const orderNo of orders.slice(1)) await putOrder(request, orderNo, [sku("DURIAN")]);
  await postComplaint(request, orders[0]!, "product.quality", "榴莲和芒果都坏了");
  await postComplaint(request, orders[0]!, "delivery.late", "送晚了两个小时");
  await postComplaint(request, orders[1]!, "product.quality", "榴莲发霉了");

  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto(`/admin?region=${encodeURIComponent(region)}`);
  const panel = admin.getByTestId("rates-panel");
  await expect(panel.getByRole("heading", { name: "投诉率（每千单）" })).toBeVisible();
  await expect(panel).toContainText("一起投诉对其订单上的每个商品各计一次");
  await expect(admin.getByTestId("rates-total")).toHaveText("总体：每千单 750.0 起（3 起投诉 / 4 单）");

  // Types over all four orders; the region; products over the orders containing them.
  expect(await rows(admin, "byCategory")).toEqual([
    { key: "product.quality", count: 2, cells: [expect.any(String), "500.0", "2", "4"] },
    { key: "delivery.late", count: 1, cells: [expect.any(String), "250.0", "1", "4"] },
  ]);
  expect(await rows(admin, "byRegion")).toEqual([{ key: region, count: 3, cells: [region, "750.0", "3", "4"] }]);
  // Both rest on fewer than 20 orders: marked.
  expect(await rows(admin, "byProduct")).toEqual([
    { key: sku("MANGO"), count: 2, cells: [`测试果 ${sku("MANGO")}`, "2,000.0 *", "2", "1"] },
    { key: sku("DURIAN"), count: 3, cells: [`测试果 ${sku("DURIAN")}`, "750.0 *", "3", "4"] },
  ]);

  // Mango's row opens the queue on its two complaints, the product filter shown and kept.
  await admin
    .getByTestId("rates-byProduct")
    .getByRole("link", { name: `测试果 ${sku("MANGO")}` })
    .click();
  await admin.waitForURL(/\/admin\/complaints\?/);
  expect(new URL(admin.url()).searchParams.get("product")).toBe(sku("MANGO"));
  await expect(admin.getByTestId("queue-total")).toContainText("2");
  await expect(admin.getByTestId("queue-product")).toContainText(sku("MANGO"));
  await expect(admin.locator("table tbody tr")).toHaveCount(2);

  // The region row: all three.
  await admin.goto(`/admin?region=${encodeURIComponent(region)}`);
  await admin.getByTestId("rates-byRegion").getByRole("link", { name: region }).click();
  await admin.waitForURL(/\/admin\/complaints\?/);
  await expect(admin.locator("table tbody tr")).toHaveCount(3);
});

test("hostile filter values on the dashboard and the queue never answer 5xx", async ({ browser }) => {
  const admin = await staffPage(browser, "admin@kesu.demo");
  for (const path of [
    "/admin/complaints?product=%00",
    `/admin/complaints?product=${"x".repeat(5000)}`,
    "/admin/complaints?product=%27%3B%20DROP%20TABLE%20orders%3B--&product=b",
    "/admin/complaints?product=%ED%A0%80&tier=vip",
    "/admin/complaints/export?product=%00&format=csv",
    "/admin?region=%00&category=product.quality,%27",
    "/admin?from=9999-12-01&to=9999-12-31",
    `/admin?region=${"北".repeat(500)}`,
  ]) {
    const response = await admin.request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBeLessThan(500);
  }
});
