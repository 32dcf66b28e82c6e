import { expect, test } from "@playwright/test";
import { h5Link, postComplaint, putOrder, staffPage } from "./support";

test("a supervisor adds a reply template (a bad placeholder is refused first); the agent's reply box offers it", async ({
  browser,
  request,
}) => {
  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto("/admin/knowledge/templates");
  const form = supervisor.getByTestId("template-form-new");
  await form.locator("input[name=code]").fill("e2e.photos");
  await form.locator("input[name=title]").fill("请补充照片");
  await form.locator("select[name=category]").selectOption("product.quality");
  await form.locator("textarea[name=body]").fill("{customer}您好，请补充照片");
  await form.getByRole("button").click();
  await expect(form.locator('[data-field-error="body"]')).toContainText("无法填充的占位符");
  await form.locator("textarea[name=body]").fill("{customerName}您好，请补充订单 {orderNo} 的商品照片");
  await form.getByRole("button").click();
  await expect(form.getByTestId("action-ok")).toHaveText("已保存");
  await expect(supervisor.getByTestId("template").filter({ hasText: "e2e.photos" })).toHaveCount(1);

  await putOrder(request, "E2E-KB-1", { externalId: "CU-E2E-KB1", name: "模板客户" }, "30.00");
  const complaintId = await postComplaint(request, "E2E-KB-1", "product.quality", "西兰花发黄了");
  const agent = await staffPage(browser, "agent@kesu.demo");
  await agent.goto(`/admin/complaints/${complaintId}`);
  await agent.getByTestId("reply-template").selectOption("e2e.photos");
  await expect(agent.getByTestId("action-reply").locator("textarea")).toHaveValue(
    "模板客户您好，请补充订单 E2E-KB-1 的商品照片",
  );
});

test("a confirmed resolution becomes a case; QA finds it by Chinese text and approves it; agents then see it", async ({
  browser,
  page: customer,
  request,
}) => {
  await putOrder(request, "E2E-KB-2", { externalId: "CU-E2E-KB2", name: "案例客户" }, "199.00");
  const complaintId = await postComplaint(request, "E2E-KB-2", "product.quality", "榴莲开口发臭，根本没法吃");
  const expert = await staffPage(browser, "expert@kesu.demo");
  await expert.goto(`/admin/complaints/${complaintId}`);
  await expert.getByTestId("action-claim").getByRole("button").click();
  await expect(expert.getByTestId("assignee")).toHaveText("王工（二线）");
  const resolve = expert.getByTestId("action-resolve");
  await resolve.locator("select[name=outcome]").selectOption("replacement");
  await resolve.locator("textarea[name=note]").fill("已安排今天补发一个新榴莲");
  await resolve.getByRole("button").click();
  await expect(expert.locator('[data-kind="resolved"]')).toHaveCount(1);

  await customer.goto(await h5Link(request, "E2E-KB-2"));
  await customer.goto(`/h5/complaints/${complaintId}`);
  await customer.getByTestId("confirm-resolution").click();
  await expect(customer.getByTestId("status-tag")).toHaveAttribute("data-status", "closed");

  const qa = await staffPage(browser, "qa@kesu.demo");
  await qa.goto("/admin/knowledge");
  const filters = qa.getByTestId("case-filters");
  await filters.locator("input[name=q]").fill("榴莲 发臭");
  await filters.locator("select[name=category]").selectOption("product.quality");
  await filters.getByRole("button").click();
  await expect(qa).toHaveURL(/q=/);
  const kase = qa.getByTestId("case");
  await expect(kase).toHaveCount(1);
  await expect(kase.getByTestId("case-summary")).toHaveText("榴莲开口发臭，根本没法吃");
  await expect(kase).toContainText("已安排今天补发一个新榴莲");
  await kase.getByTestId("case-approve").getByRole("button").click();
  // Approved, it leaves QA's pending list and shows under "approved".
  await expect(kase).toHaveCount(0);
  await filters.locator("select[name=status]").selectOption("approved");
  await filters.getByRole("button").click();
  await expect(kase).toHaveCount(1);

  const agent = await staffPage(browser, "agent@kesu.demo");
  await agent.goto(`/admin/knowledge?q=${encodeURIComponent("榴莲")}`);
  await expect(agent.getByTestId("case")).toHaveCount(1);
  await expect(agent.getByTestId("case-approve")).toHaveCount(0);
  await agent.goto(`/admin/knowledge?q=${encodeURIComponent("车厘子")}`);
  await expect(agent.getByTestId("case")).toHaveCount(0);
});
