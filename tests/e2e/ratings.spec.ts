import { expect, test } from "@playwright/test";
import { h5Link, putOrder, staffPage } from "./support";

/**
 * Issue 15, point 1: the rating module's H5 page, reached by the signed link the shop's
 * order-completed page uses (entry `rating`); a low rating becomes a complaint the customer can
 * follow; the dashboard's ratings drill down to the ratings list.
 */
const run = Date.now().toString(36).toUpperCase();
const low = `E2ERL${run}`;
const high = `E2ERH${run}`;
const region = `评价区${run}`;

test("a customer rates one order two stars (it becomes a complaint) and another five; the dashboard's ratings drill down to both", async ({
  browser,
  page: customer,
  request,
}) => {
  await putOrder(request, low, { externalId: `RT-${run}`, name: "评价客户", region }, "38.00");
  await putOrder(request, high, { externalId: `RT-${run}`, name: "评价客户", region }, "52.00");

  await customer.goto(await h5Link(customer.request, low, "rating"));
  await expect(customer).toHaveURL(new RegExp(`/h5/orders/${low}/rate$`));
  // No stars: a field error, nothing recorded.
  await customer.getByRole("button", { name: "提交评价" }).click();
  await expect(customer.locator('[data-field-error="stars"]')).toBeVisible();
  await customer.getByRole("radio", { name: "2 星" }).click();
  await customer.getByRole("checkbox", { name: "配送时效" }).click();
  await customer.getByLabel("想说的话（选填）").fill("送晚了两个小时，芒果也压坏了");
  await customer.getByRole("button", { name: "提交评价" }).click();
  await expect(customer.getByTestId("rating-done")).toHaveAttribute("data-stars", "2");
  await customer.getByTestId("rating-complaint").click();
  await expect(customer).toHaveURL(/\/h5\/complaints\/[0-9a-f-]{36}$/);
  await expect(customer.getByText("延迟送达").first()).toBeVisible();

  await customer.goto(`/h5/orders/${high}/rate`);
  await expect(customer.getByTestId("rating-done")).toHaveCount(0);
  // The link covered one order: the other is out of this session's scope.
  await expect(customer.getByTestId("error-message")).toContainText("本次链接只能查看它对应的订单");
  await customer.goto(await h5Link(customer.request, high, "rating"));
  await customer.getByRole("radio", { name: "5 星" }).click();
  await customer.getByRole("button", { name: "提交评价" }).click();
  await expect(customer.getByTestId("rating-done")).toContainText("谢谢你的评价");
  await expect(customer.getByTestId("rating-complaint")).toHaveCount(0);

  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto(`/admin?region=${encodeURIComponent(region)}`);
  const tile = supervisor.getByTestId("kpi-ratings");
  await expect(tile).toHaveAttribute("data-count", "2");
  await expect(tile).toContainText("3.5");
  await supervisor.getByTestId("ratings-panel").getByText("各地区平均评分").last().click();
  const regionRow = supervisor.getByTestId("table-ratings-byRegion").getByRole("link", { name: region });
  await expect(regionRow).toHaveAttribute("data-count", "2");
  await regionRow.click();
  await expect(supervisor).toHaveURL(/\/admin\/ratings\?/);
  await expect(supervisor.getByTestId("rating-row")).toHaveCount(2);
  await supervisor.getByTestId("rating-row").filter({ hasText: low }).getByTestId("rating-complaint").click();
  await expect(supervisor).toHaveURL(/\/admin\/complaints\/[0-9a-f-]{36}$/);
  await expect(supervisor.getByText("送晚了两个小时").first()).toBeVisible();
});
