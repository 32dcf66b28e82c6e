import { expect, test } from "@playwright/test";
import { staffPage } from "./support";

// Issue 16, point 1: the handling rules as versions an admin edits. The rule added here can match
// nothing real (paid price disputes under ¥0.01), so later specs are handled as before.
test("an admin previews the rules, adds one and saves a version that is then in force; a supervisor only reads", async ({
  browser,
}) => {
  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto("/admin/settings/rules");
  const inForce = admin.getByTestId("rules-in-force");
  await expect(inForce).toContainText("生效中：第 1 版");
  await expect(inForce).toContainText("out_of_stock_under_50");

  const form = admin.getByTestId("rules-form");
  await form.getByRole("button", { name: "预览：过去 30 天会怎样" }).click();
  await expect(form.getByTestId("action-ok")).toContainText("过去 30 天会自动退款");

  // The new rule's row: refused without a note, then saved.
  const row = form.getByTestId("rule-row").last();
  await row.locator("input[name$='.code']").fill("e2e_probe");
  await row.locator("input[name$='.belowYuan']").fill("0.01");
  await row.locator("input[name$='.categories'][value='order.price']").check();
  await row.locator("input[name$='.orderStatuses'][value='paid']").check();
  await form.getByRole("button", { name: "保存为新版本并生效" }).click();
  await expect(form.locator('[data-field-error="note"]')).toBeVisible();
  await form.locator("input[name=note]").fill("e2e：加一条不会命中的规则");
  await form.getByRole("button", { name: "保存为新版本并生效" }).click();
  await expect(form.getByTestId("action-ok")).toContainText("已保存第 2 版");
  // The editor starts again from the version now in force: the blank row is blank again.
  await expect(inForce).toContainText("生效中：第 2 版");
  await expect(form.getByTestId("rule-row").last().locator("input[name$='.code']")).toHaveValue("");

  await admin.reload();
  await expect(inForce).toContainText("生效中：第 2 版");
  await expect(inForce).toContainText("e2e_probe");
  await expect(inForce).toContainText("out_of_stock_under_50");
  await expect(admin.getByTestId("rule-versions").locator("li")).toHaveCount(2);

  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto("/admin/settings/rules");
  await expect(supervisor.getByTestId("rules-in-force")).toContainText("生效中：第 2 版");
  await expect(supervisor.getByTestId("rules-form")).toHaveCount(0);
});
