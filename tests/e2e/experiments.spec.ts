import { expect, test } from "@playwright/test";
import pg from "pg";
import { armForCustomer } from "../../lib/experiments/assignment";
import { runningEmbeddedPostgres } from "../../tools/db/running-postgres";
import { postComplaint, putOrder, staffPage } from "./support";

// Issue 16, points 2 and 6: a supervisor starts a two-arm experiment on the "apology" reply
// template; agents' reply boxes show each customer's arm (computed here from the customer's id,
// as the server does); the results page counts both arms. It ends by shipping the control, which
// leaves the template as it was for the specs that follow.
const VARIANT = {
  "zh-CN": "{customerName}您好，我们已加急处理订单{orderNo}（e2e 变体）。",
  en: "Hello {customerName}, we are rushing order {orderNo} (e2e variant).",
  es: "Hola, {customerName}: estamos acelerando el pedido {orderNo} (variante e2e).",
};

test("a supervisor runs a reply-template experiment; agents see each customer's arm; the results show both arms", async ({
  browser,
  request,
}) => {
  test.setTimeout(120_000);
  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto("/admin/experiments");
  const form = supervisor.getByTestId("experiment-form");
  await form.locator("input[name=name]").fill("致歉话术：加急版");
  await form.locator("select[name=target]").selectOption("apology");
  await form.locator("select[name=metric]").selectOption("csat");
  await form.locator("input[name=sharePercent]").fill("100");
  await form.locator("input[name=minSamplePerArm]").fill("30");
  // No variant yet: one arm is refused, with the reason beside the form.
  await form.getByRole("button", { name: "开始实验" }).click();
  await expect(form.locator('[data-field-error="variants"]')).toContainText("只有一组的实验无从比较");
  for (const [locale, text] of Object.entries(VARIANT)) await form.locator(`textarea[name="v1.${locale}"]`).fill(text);
  await form.getByRole("button", { name: "开始实验" }).click();
  await expect(form.getByTestId("action-ok")).toHaveText("实验已开始。");
  const row = supervisor.getByTestId("experiments").locator("tr", { hasText: "致歉话术：加急版" });
  await expect(row).toHaveAttribute("data-status", "running");
  const href = await row.getByRole("link").getAttribute("href");
  const experimentId = href!.split("/").pop()!;

  // Customers until both arms have one (each new customer is in either with even chance).
  const db = new pg.Client({ connectionString: (await runningEmbeddedPostgres(process.env.E2E_DATA_DIR!))! });
  await db.connect();
  const byArm = new Map<string, { complaintId: string; orderNo: string }>();
  const run = Date.now().toString(36);
  for (let i = 0; byArm.size < 2 && i < 30; i += 1) {
    const orderNo = `E2E-AB-${run}-${i}`;
    await putOrder(request, orderNo, { externalId: `AB-${run}-${i}`, name: `实验客户${i}` }, "45.00");
    const complaintId = await postComplaint(request, orderNo, "product.quality", "芒果有点软");
    const { rows } = await db.query<{ customer_id: string }>("SELECT customer_id FROM complaints WHERE id = $1", [
      complaintId,
    ]);
    const arm = armForCustomer({
      experimentId,
      customerId: rows[0]!.customer_id,
      sharePercent: 100,
      arms: ["A", "B"],
    })!;
    if (!byArm.has(arm)) byArm.set(arm, { complaintId, orderNo });
  }
  await db.end();
  expect([...byArm.keys()].sort()).toEqual(["A", "B"]);

  const agent = await staffPage(browser, "agent@kesu.demo");
  for (const [arm, { complaintId, orderNo }] of byArm) {
    await agent.goto(`/admin/complaints/${complaintId}`);
    const reply = agent.getByTestId("action-reply");
    await reply.getByTestId("reply-template").selectOption("apology");
    const textarea = reply.locator("textarea");
    if (arm === "B")
      await expect(textarea).toHaveValue(
        `实验客户${orderNo.split("-").pop()}您好，我们已加急处理订单${orderNo}（e2e 变体）。`,
      );
    else await expect(textarea).toHaveValue(/非常抱歉给您带来不好的体验/);
    await reply.getByRole("button").click();
    await expect(agent.locator('[data-kind="reply"]')).toHaveCount(1);
  }

  await supervisor.goto(`/admin/experiments/${experimentId}`);
  const arms = supervisor.getByTestId("experiment-arms");
  await expect(arms.locator("tr[data-arm=A]")).toContainText("对照 A");
  await expect(arms.locator("tr[data-arm=B]")).toContainText("（e2e 变体）");
  for (const arm of ["A", "B"]) await expect(arms.locator(`tr[data-arm=${arm}] td`).nth(1)).toHaveText("1");
  // No survey answered yet: nothing to compare, and the page says the sample is too small.
  await expect(supervisor.getByTestId("too-small")).toContainText("每组至少需要 30 条投诉");

  // Shipping the control keeps the template as it was; the experiment is final.
  await supervisor.getByTestId("ship-A").getByRole("button").click();
  await expect(supervisor.getByTestId("experiment-results")).toHaveAttribute("data-status", "shipped");
  await expect(supervisor.getByTestId("ship-B")).toHaveCount(0);
});
