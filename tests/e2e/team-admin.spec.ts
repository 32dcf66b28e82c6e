import { expect, test } from "@playwright/test";
import { DESKTOP, postComplaint, putOrder, staffPage } from "./support";
import { complaintNumber } from "../../lib/complaints/complaint-number";

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

test("an admin creates a handling group that takes a complaint type, names its expert on duty, and the next complaint of that type lands there", async ({
  browser,
  request,
}) => {
  const code = `cold_${run}`;
  // order.cancellation: a subtype no other spec files, so later specs route as before even if this
  // one fails before it gives the subtype back.
  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto("/admin/settings/team");
  const create = admin.getByTestId("handling-group-create");
  await create.locator("input[name=code]").fill(code);
  await create.locator("input[name=nameZh]").fill("冷链专项组");
  await create.locator("input[name=nameEn]").fill("Cold-chain desk");
  await create.locator("input[name=nameEs]").fill("Mesa de cadena de frío");
  await create.locator("input[name=categories][value='order.cancellation']").check();
  await create.getByRole("checkbox", { name: /王工（二线）/ }).check();
  await create.getByRole("button").click();
  await expect(create.getByTestId("action-ok")).toBeVisible();

  const card = admin.getByTestId("handling-group").filter({ hasText: code });
  await expect(card.getByTestId("handling-group-categories")).toHaveText("订单取消");
  // The order group gave the type up.
  const orders = admin.getByTestId("handling-group").filter({ hasText: "订单组" });
  await expect(orders.getByTestId("handling-group-categories")).not.toContainText("订单取消");

  // The expert on duty must be a member: the demo expert is.
  await card.locator("summary").click();
  const form = card.getByTestId("handling-group-form");
  await form.locator("select[name=expertOnDutyId]").selectOption({ label: "王工（二线）" });
  await form.getByRole("button").click();
  await expect(form.getByTestId("action-ok")).toBeVisible();
  await admin.reload();
  await expect(card).toContainText("值班专家: 王工（二线）");

  // The next cancellation complaint is routed to the new group, named in the queue.
  const orderNo = `E2E-GRP-${run}`;
  await putOrder(request, orderNo, { externalId: `CU-GRP-${run}`, name: "周女士" }, "66.00");
  const id = await postComplaint(request, orderNo, "order.cancellation", "订单被无故取消了");
  await admin.goto(`/admin/complaints?group=${code}`);
  const row = admin.getByTestId("queue-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(complaintNumber(id));
  await expect(row).toContainText("冷链专项组");

  // Give the type back (later specs file cancellations too): the order group takes it again.
  await admin.goto("/admin/settings/team");
  await orders.locator("summary").click();
  const ordersForm = orders.getByTestId("handling-group-form");
  await ordersForm.locator("input[name=categories][value='order.cancellation']").check();
  await ordersForm.getByRole("button").click();
  await expect(ordersForm.getByTestId("action-ok")).toBeVisible();
  await admin.reload();
  await expect(card.getByTestId("handling-group-categories")).toHaveText("不负责任何投诉类型");
});
