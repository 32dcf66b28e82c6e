import { expect, test } from "@playwright/test";
import { DESKTOP, E2E_STAFF_PASSWORD } from "./support";

// Locks qa@kesu.demo for 5 minutes: this file runs after staff-access (files run in name order,
// one worker), and no later spec signs in as qa.
test.use(DESKTOP);

test("after 5 failed attempts the account is locked, even for the right password", async ({ page }) => {
  await page.goto("/admin/sign-in");
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await page.fill("input[name=email]", "qa@kesu.demo");
    await page.fill("input[name=password]", `guess-${attempt}`);
    await page.click("button[type=submit]");
    await expect(page.getByTestId("error-message")).toHaveText("邮箱或密码不正确");
  }
  await page.fill("input[name=password]", E2E_STAFF_PASSWORD);
  await page.click("button[type=submit]");
  await expect(page.getByTestId("error-message")).toHaveText("失败次数过多，该账号已锁定 5 分钟，请稍后再试");
  await expect(page).toHaveURL(/\/admin\/sign-in/);
});
