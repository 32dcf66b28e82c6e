import { expect, test } from "@playwright/test";
import { postComplaint, putOrder, staffPage } from "./support";

const run = Date.now().toString(36).toUpperCase();

test("the complaint page shows the customer's emotion as triage read it", async ({ browser, request }) => {
  const orderNo = `E2EEMO${run}`;
  await putOrder(request, orderNo, { externalId: `EMO-${run}`, name: "赵女士" }, "66.00");
  const id = await postComplaint(
    request,
    orderNo,
    "delivery.late",
    "又晚了三个小时！！你们简直是骗子，气死我了，什么破配送，必须给个说法！",
  );
  const agent = await staffPage(browser, "agent@kesu.demo");
  await agent.goto(`/admin/complaints/${id}`);
  await expect(agent.getByTestId("emotion")).toHaveText(/情绪：愤怒（(明显|强烈)）/);
});

test("high-risk orders on the fresh demo: a time-split evaluation, a retraining, the list, and a call recorded", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await staffPage(browser, "admin@kesu.demo");
  await admin.goto("/admin/risk");
  await expect(admin.getByTestId("risk-honesty")).toContainText("演示数据");
  // Trained at start-up on the demo's generated history (scripts/start.ts).
  const auc = () =>
    admin
      .getByTestId("risk-auc")
      .textContent()
      .then((text) => Number(text!.match(/ROC AUC：(0\.\d+)/)![1]));
  expect(await auc()).toBeGreaterThan(0.55);
  await expect(admin.getByTestId("risk-calibration").locator("tbody tr")).toHaveCount(10);
  await admin.getByTestId("risk-retrain").getByRole("button").click();
  await expect(admin.getByTestId("risk-retrain").getByTestId("action-ok")).toBeVisible({ timeout: 60_000 });
  await admin.reload();
  await expect(admin.getByTestId("risk-model")).toContainText("手动");
  expect(await auc()).toBeGreaterThan(0.55);

  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto("/admin/risk");
  const rows = supervisor.getByTestId("risk-orders").locator("tbody tr");
  await expect(rows.first()).toBeVisible();
  const orderNo = await rows.first().getAttribute("data-order");
  await rows.first().getByTestId("risk-contacted").getByRole("button").click();
  await expect(supervisor.locator(`tr[data-order="${orderNo}"]`)).toContainText("已联系");
  // Supervisors see the list but neither retrain nor move the threshold.
  await expect(supervisor.getByTestId("risk-retrain")).toHaveCount(0);
  await expect(supervisor.getByTestId("risk-threshold")).toHaveCount(0);
});
