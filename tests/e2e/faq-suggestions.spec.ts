import { expect, test } from "@playwright/test";
import { h5Link, putOrder } from "./support";

test("while the customer types, FAQ answers appear; 这解决了我的问题 ends the flow without filing", async ({
  page,
  request,
}) => {
  await putOrder(request, "E2E-FAQ-1", { externalId: "CU-E2E-FAQ", name: "自助客户" }, "19.90");
  await page.goto(await h5Link(request, "E2E-FAQ-1"));
  await page.locator("#description").fill("商品缺货了，想问怎么退款");
  const suggestions = page.getByTestId("faq-suggestions");
  await expect(suggestions.getByTestId("faq-suggestion").first()).toContainText("商品缺货了怎么退款？");
  await suggestions.getByTestId("faq-suggestion").first().locator("summary").click();
  await expect(suggestions).toContainText("自动原路退款");
  await suggestions.getByRole("button", { name: "这解决了我的问题" }).first().click();
  await expect(page.getByTestId("faq-solved")).toContainText("很高兴帮到您");
  // Nothing was filed: this customer's "my complaints" is still empty.
  await page.goto("/h5/complaints");
  await expect(page.locator("main")).toContainText("您还没有提交过反馈");
});
