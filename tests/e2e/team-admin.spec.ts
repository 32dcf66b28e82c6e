import { expect, test } from "@playwright/test";
import { DESKTOP, staffPage } from "./support";

const run = Date.now().toString(36);
const email = `new.agent.${run}@kesu.test`;
const password = "mango season 2026";

test("an admin invites a colleague, who sets a password from the one-time link and signs in; deactivated, their session ends", async ({
  browser,
}) => {
  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto("/admin/settings/team");
  const invite = admin.getByTestId("team-invite");
  await invite.locator("input[name=email]").fill(email);
  await invite.locator("input[name=name]").fill("新来的小赵");
  await invite.locator("select[name=role]").selectOption("agent");
  await invite.locator("input[name=groups][value=product]").check();
  await invite.getByRole("button").click();
  const ok = invite.getByTestId("action-ok");
  await expect(ok).toContainText("/admin/sign-in/set-password?t=");
  const link = /(https?:\/\/\S+)/.exec((await ok.textContent()) ?? "")![1]!;
  const card = admin.getByTestId("team-member").filter({ hasText: email });
  await expect(card.getByTestId("team-member-status")).toHaveText("已邀请，尚未设置密码");

  // The colleague, in a browser of their own.
  const context = await browser.newContext({ ...DESKTOP, locale: "zh-CN", baseURL: test.info().project.use.baseURL });
  const colleague = await context.newPage();
  await colleague.goto(link);
  await expect(colleague.getByTestId("set-password-account")).toContainText(email);
  const form = colleague.getByTestId("set-password-form");
  await form.locator("input[name=password]").fill(password);
  await form.locator("input[name=confirm]").fill(`${password}?`);
  await form.getByRole("button").click();
  await expect(form.locator('[data-field-error="confirm"]')).toHaveText("两次输入的密码不一致。");
  await form.locator("input[name=confirm]").fill(password);
  await form.getByRole("button").click();
  await expect(colleague.getByTestId("password-set")).toBeVisible();
  await expect(colleague.locator("input[name=email]")).toHaveValue(email);
  await colleague.locator("input[name=password]").fill(password);
  await colleague.getByRole("button", { name: "登录" }).click();
  await expect(colleague).toHaveURL(/\/admin\/complaints$/);

  // The link was for once.
  const again = await context.newPage();
  await again.goto(link);
  await expect(again.getByTestId("error-message")).toContainText("已使用或已过期");

  // Deactivated: the next request finds no session.
  await admin.reload();
  await expect(card.getByTestId("team-member-status")).toHaveText("已启用");
  await card.locator("summary").click();
  const edit = card.getByTestId("team-member-form");
  await edit.locator("input[name=active]").uncheck();
  await edit.getByRole("button").click();
  await expect(edit.getByTestId("action-ok")).toBeVisible();
  await colleague.reload();
  await expect(colleague).toHaveURL(/\/admin\/sign-in/);
  await context.close();
});
