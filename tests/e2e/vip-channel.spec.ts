import { expect, test } from "@playwright/test";
import { postComplaint, putOrder, staffPage } from "./support";

/**
 * Issue 15, point 5: a VIP customer's complaint is on the VIP line (its own group and 15-minute
 * clock), marked in the queue; an admin names the customer's account manager on the team page;
 * the VIP line's settings are on the SLA page.
 */
const run = Date.now().toString(36).toUpperCase();
const orderNo = `E2EVIP${run}`;
const name = `贵宾${run}`;

test("a VIP's complaint lands on the VIP line; an admin names the account manager; the line's settings are editable", async ({
  browser,
  request,
}) => {
  await putOrder(request, orderNo, { externalId: `VIP-${run}`, name, tier: "vip" }, "880.00");
  const id = await postComplaint(request, orderNo, "product.quality", "榴莲开出来是坏的");

  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto(`/admin/complaints/${id}`);
  await expect(supervisor.getByText("VIP 专线").first()).toBeVisible();
  await supervisor.goto(`/admin/complaints?group=vip`);
  const row = supervisor.getByTestId("queue-row").filter({ hasText: "榴莲开出来是坏的" });
  await expect(row.getByText("VIP", { exact: true })).toBeVisible();

  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto("/admin/settings/team");
  const customer = admin.getByTestId("vip-customer").filter({ hasText: name });
  await customer.getByRole("combobox", { name: "客户经理" }).selectOption({ label: "陈主管" });
  await customer.getByRole("button", { name: "保存" }).click();
  await expect(customer.getByTestId("action-ok")).toBeVisible();
  await admin.reload();
  await expect(
    admin.getByTestId("vip-customer").filter({ hasText: name }).getByRole("combobox", { name: "客户经理" }),
  ).toHaveValue(/[0-9a-f-]{36}/);

  await admin.goto("/admin/settings/sla");
  const vipForm = admin.getByTestId("vip-channel");
  await expect(vipForm.locator('input[name="firstResponseMinutes"]')).toHaveValue("15");
  await expect(vipForm.locator('input[name="annualSpendYuan"]')).toHaveValue("1000000");
});
