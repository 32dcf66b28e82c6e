import { expect, test } from "@playwright/test";
import { h5Link, putOrder, staffPage } from "./support";

const run = Date.now().toString(36).toUpperCase();
const orderNo = `E2ESG${run}`;
const text = `希望增加有机蔬菜的品类 ${run}`;

test("a customer sends a suggestion from the order page; an agent acknowledges, tags and thanks it; the customer reads the thanks; the dashboard counts it", async ({
  browser,
  page: customer,
  request,
}) => {
  await putOrder(request, orderNo, { externalId: `SG-${run}`, name: "建议客户" }, "36.00");
  await customer.goto(await h5Link(customer.request, orderNo));
  await customer.getByTestId("suggest-link").click();
  await expect(customer).toHaveURL(new RegExp(`/h5/suggestions/new\\?orderNo=${orderNo}$`));
  const form = customer.getByTestId("suggestion-form");
  await expect(form.locator("select[name=orderNo]")).toHaveValue(orderNo);
  await form.locator("textarea[name=text]").fill("好");
  await form.getByRole("button").click();
  await expect(form.locator('[data-field-error="text"]')).toBeVisible();
  await form.locator("textarea[name=text]").fill(text);
  await form.getByRole("button").click();
  await expect(customer.getByTestId("suggestion-received")).toBeVisible();
  const mine = customer.getByTestId("suggestion-list").locator("li").filter({ hasText: text });
  await expect(mine.getByTestId("suggestion-status")).toHaveText("新建议");

  const agent = await staffPage(browser, "agent@kesu.demo");
  await agent.goto("/admin/suggestions");
  const card = agent.getByTestId("suggestion").filter({ hasText: text });
  await card.getByTestId("suggestion-acknowledge").getByRole("button").click();
  await expect(card.getByTestId("suggestion-status")).toHaveText("已确认");
  const tags = card.getByTestId("suggestion-tags");
  await tags.locator("input[value=assortment]").check();
  await tags.getByRole("button").click();
  await expect(tags.getByTestId("action-ok")).toBeVisible();
  const thank = card.getByTestId("suggestion-thank");
  await thank.locator("textarea[name=thanks]").fill("谢谢您！下个月起会上架有机蔬菜。");
  await thank.getByRole("button").click();
  await expect(card.getByTestId("suggestion-status")).toHaveText("已致谢");

  await customer.reload();
  await expect(mine.getByTestId("suggestion-status")).toHaveText("已致谢");
  await expect(mine.getByTestId("suggestion-thanks")).toContainText("下个月起会上架有机蔬菜");

  // The dashboard's tile and the list it opens agree.
  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto("/admin");
  const tile = supervisor.getByTestId("kpi-suggestions");
  const count = Number(await tile.getAttribute("data-count"));
  expect(count).toBeGreaterThanOrEqual(1);
  await tile.click();
  await expect(supervisor).toHaveURL(/\/admin\/suggestions\?from=/);
  await expect(supervisor.getByTestId("suggestion-count")).toHaveAttribute("data-count", String(count));
  await expect(supervisor.getByTestId("suggestion").filter({ hasText: text })).toHaveCount(1);
});
