import { expect, test } from "@playwright/test";
import { DESKTOP, E2E_STAFF_PASSWORD } from "./support";

// Limits qa@kesu.demo from this address for 15 minutes: this file runs after staff-access (files
// run in name order, one worker), and no later spec signs in as qa.
test.use(DESKTOP);

test("after 5 failed attempts from one address the account is refused there, even with the right password; others still sign in", async ({
  page,
}) => {
  await page.goto("/admin/sign-in");
  for (let attempt = 0; attempt < 5; attempt += 1) {
    await page.fill("input[name=email]", "qa@kesu.demo");
    await page.fill("input[name=password]", `guess-${attempt}`);
    await page.click("button[type=submit]");
    await expect(page.getByTestId("error-message")).toHaveText("邮箱或密码不正确");
  }
  await page.fill("input[name=password]", E2E_STAFF_PASSWORD);
  await page.click("button[type=submit]");
  await expect(page.getByTestId("error-message")).toHaveText("尝试次数过多，请稍后再试");
  await expect(page).toHaveURL(/\/admin\/sign-in/);
  // An unknown account is answered the same way: the refusal does not tell which accounts exist.
  for (let attempt = 0; attempt < 6; attempt += 1) {
    await page.fill("input[name=email]", "nobody@kesu.demo");
    await page.fill("input[name=password]", `guess-${attempt}`);
    await page.click("button[type=submit]");
    await expect(page.getByTestId("error-message")).toHaveText(
      attempt < 5 ? "邮箱或密码不正确" : "尝试次数过多，请稍后再试",
    );
  }
  // A colleague at the same address is not locked out.
  await page.fill("input[name=email]", "admin@kesu.demo");
  await page.fill("input[name=password]", E2E_STAFF_PASSWORD);
  await page.click("button[type=submit]");
  await expect(page).not.toHaveURL(/\/admin\/sign-in/);
  // The browser is now known for that account: the account-wide limit will not refuse it.
  const known = (await page.context().cookies()).find((cookie) => cookie.name === "kesu_known_device");
  expect(known).toMatchObject({ httpOnly: true, path: "/api/auth" });
});
