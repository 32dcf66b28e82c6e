import { expect, test } from "@playwright/test";
import { h5Link, postComplaint, putOrder, staffPage } from "./support";

test("agent claims, replies with a template and escalates; the expert resolves with a coupon; the customer sees it live, claims the coupon and confirms", async ({
  browser,
  page: customer,
  request,
}) => {
  await putOrder(request, "E2E-FLOW-1", { externalId: "CU-E2E-FLOW", name: "流程客户" }, "88.00");
  const complaintId = await postComplaint(request, "E2E-FLOW-1", "product.quality", "收到的芒果烂了两个");

  // The customer opens their complaint first and keeps the page open, never reloading it.
  await customer.goto(await h5Link(request, "E2E-FLOW-1"));
  await customer.goto(`/h5/complaints/${complaintId}`);
  await expect(customer.getByTestId("status-tag")).toHaveAttribute("data-status", "new");

  const agent = await staffPage(browser, "agent@kesu.demo");
  await agent.goto("/admin/complaints?assignee=none");
  await agent.locator(`[data-complaint-id="${complaintId}"] a`).first().click();
  await expect(agent.getByTestId("complaint-description")).toHaveText("收到的芒果烂了两个");
  await agent.getByTestId("action-claim").getByRole("button").click();
  await expect(agent.getByTestId("assignee")).toHaveText("小李（一线）");

  const reply = agent.getByTestId("action-reply");
  await reply.getByTestId("reply-template").selectOption("apology");
  await expect(reply.locator("textarea")).toHaveValue(/流程客户您好.*E2E-FLOW-1.*质量问题/);
  await reply.getByRole("button").click();
  await expect(agent.locator('[data-kind="reply"]')).toHaveCount(1);

  // The reply reaches the customer's open page by itself.
  await expect(customer.getByTestId("timeline")).toContainText("非常抱歉给您带来不好的体验", { timeout: 15_000 });

  const escalate = agent.getByTestId("action-escalate");
  await escalate.locator("textarea").fill("坏果比例高，需要专家判断赔付");
  await escalate.getByRole("button").click();
  await expect(agent.locator('[data-kind="escalated"]')).toHaveCount(1);
  await expect(agent.getByTestId("assignee")).toHaveText("未分配");
  await expect(agent.getByTestId("action-claim")).toHaveCount(0);

  const expert = await staffPage(browser, "expert@kesu.demo");
  await expert.goto(`/admin/complaints/${complaintId}`);
  await expert.getByTestId("action-claim").getByRole("button").click();
  await expect(expert.getByTestId("assignee")).toHaveText("王工（二线）");
  const resolve = expert.getByTestId("action-resolve");
  await resolve.locator("select[name=outcome]").selectOption("coupon");
  await resolve.locator("input[name=amount]").fill("10");
  await resolve.locator("textarea[name=note]").fill("给您补偿一张10元无门槛券，下次购物可用");
  await resolve.getByRole("button").click();
  await expect(expert.getByTestId("staff-compensations")).toContainText("¥10.00");

  // Customer: the card and the resolution arrive without a reload; claim twice = claimed once.
  const card = customer.getByTestId("compensation");
  await expect(card).toHaveAttribute("data-status", "offered", { timeout: 15_000 });
  await expect(card).toContainText("¥10.00");
  await expect(card).toContainText("有效期至");
  await card.getByTestId("claim-compensation").click();
  await expect(card).toHaveAttribute("data-status", "claimed");
  await expect(customer.getByTestId("timeline")).toContainText("给您补偿一张10元无门槛券");
  await customer.getByTestId("confirm-resolution").click();
  await expect(customer.getByTestId("status-tag")).toHaveAttribute("data-status", "closed");
  await expect(customer.getByTestId("timeline")).toContainText("您已确认处理结果");

  // The survey: five stars and a comment; the page thanks the customer instead of asking again.
  const survey = customer.getByTestId("survey-form");
  await survey.getByText("很满意").click();
  await survey.locator("textarea[name=comment]").fill("处理很快，谢谢");
  await survey.getByRole("button").click();
  await expect(customer.getByTestId("survey-thanks")).toHaveText("感谢您的评价（5 星）");

  // Back in the workspace, the history shows it all, internal entries included.
  await expert.reload();
  await expect(expert.locator('[data-kind="resolution_confirmed"]')).toHaveCount(1);
  await expect(expert.locator('[data-kind="escalated"][data-visible="false"]')).toHaveCount(1);
});

test("a stale form is refused with a clear message instead of overwriting", async ({ browser, request }) => {
  await putOrder(request, "E2E-STALE-1", { externalId: "CU-E2E-STALE", name: "并发客户" }, "40.00");
  const complaintId = await postComplaint(request, "E2E-STALE-1", "product.mismatch", "与描述不符");
  const first = await staffPage(browser, "supervisor@kesu.demo");
  const second = await staffPage(browser, "expert@kesu.demo");
  await first.goto(`/admin/complaints/${complaintId}`);
  await second.goto(`/admin/complaints/${complaintId}`);
  await first.getByTestId("action-note").locator("textarea").fill("主管先备注");
  await first.getByTestId("action-note").getByRole("button").click();
  await expect(first.locator('[data-kind="note"]')).toHaveCount(1);
  await second.getByTestId("action-note").locator("textarea").fill("专家晚一步");
  await second.getByTestId("action-note").getByRole("button").click();
  await expect(second.getByTestId("action-note").getByTestId("error-message")).toHaveText(
    "这条工单刚被其他人修改过，请刷新后再操作。",
  );
});
