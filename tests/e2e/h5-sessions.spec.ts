import { expect, test, type Browser } from "@playwright/test";
import { h5Link, postComplaint, putOrder, staffPage } from "./support";

// Issue 12, point 5: a link is exchanged once for a scoped, revocable session.
const run = Date.now().toString(36).toUpperCase();
const orderA = `E2ESA${run}`;
const otherA = `E2ESO${run}`;
const orderB = `E2ESB${run}`;
const orderC = `E2ESC${run}`;

test.beforeAll(async ({ request }) => {
  await putOrder(request, orderA, { externalId: `SA-${run}`, name: "王芳" }, "88.00");
  await putOrder(request, otherA, { externalId: `SA-${run}`, name: "王芳" }, "66.00");
  await putOrder(request, orderB, { externalId: `SB-${run}`, name: "李娜" }, "66.00");
  await putOrder(request, orderC, { externalId: `SC-${run}`, name: "赵敏" }, "45.00");
});

const mobileContext = (browser: Browser) =>
  browser.newContext({
    viewport: { width: 375, height: 812 },
    locale: "zh-CN",
    baseURL: test.info().project.use.baseURL,
  });

test("a link opens once: forwarded after it was used, it is refused with a page asking to open it from the app", async ({
  page,
  browser,
}) => {
  const link = await h5Link(page.request, orderA);
  await page.goto(link);
  await expect(page.getByTestId("order-summary")).toContainText(orderA);

  const other = await mobileContext(browser);
  const forwarded = await other.newPage();
  expect((await forwarded.goto(link))?.status()).toBe(410);
  await expect(forwarded.locator("[data-error-code]")).toHaveText(
    "这个链接已经打开过了。为保护您的隐私，请回到 App 重新打开。",
  );
  await forwarded.goto("/h5");
  await expect(forwarded.getByTestId("signed-out")).toBeVisible();
  await other.close();
});

test("the session sees only the link's order, not the customer's other orders", async ({ page }) => {
  await page.goto(await h5Link(page.request, orderA));
  await page.goto(`/h5/orders/${otherA}/new`);
  await expect(page.getByTestId("error-message")).toHaveText(
    "本次链接只能查看它对应的订单。请在 App 中从这个订单的「问题反馈」进入。",
  );
  await page.goto("/h5");
  await expect(page.locator("main")).toContainText(orderA);
  await expect(page.locator("main")).not.toContainText(otherA);
});

test("another customer's link asks before switching; only the confirmation switches", async ({ page }) => {
  await page.goto(await h5Link(page.request, orderA));
  await page.goto(await h5Link(page.request, orderB));
  await expect(page).toHaveURL(/\/h5\/switch$/);
  await expect(page.getByTestId("switch-current")).toHaveText("此浏览器当前登录的是 王*。");
  await expect(page.getByTestId("switch-link")).toContainText(orderB);
  await expect(page.getByTestId("switch-link")).toContainText("李*");

  // Leaving without answering changes nothing.
  await page.goto("/h5");
  await expect(page.locator("main")).toContainText("王芳，您好");

  await page.goto("/h5/switch");
  await page.getByTestId("switch-continue").click();
  await expect(page).toHaveURL(new RegExp(`/h5/orders/${orderB}/new$`));
  await expect(page.getByTestId("order-summary")).toContainText(orderB);
  await page.goto("/h5");
  await expect(page.locator("main")).toContainText("李娜，您好");
  await expect(page.locator("main")).not.toContainText(orderA);
});

test("a supervisor sees the customer's sessions on the complaint and revokes one: the customer is signed out", async ({
  page,
  browser,
  request,
}) => {
  const complaintId = await postComplaint(request, orderC, "product.quality", "西瓜不甜还有异味");
  await page.goto(await h5Link(page.request, orderC));
  await page.goto(`/h5/complaints/${complaintId}`);
  await expect(page.getByTestId("status-tag")).toBeVisible();

  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  await supervisor.goto(`/admin/complaints/${complaintId}`);
  const sessions = supervisor.getByTestId("h5-sessions");
  const active = sessions.locator('[data-testid="h5-session"][data-state="active"]');
  await expect(active).toHaveCount(1);
  await expect(active).toContainText(orderC);
  await active.getByTestId("h5-session-revoke").getByRole("button").click();
  await expect(sessions.locator('[data-testid="h5-session"][data-state="revoked"]')).toHaveCount(1);

  await page.reload();
  await expect(page.getByTestId("signed-out")).toBeVisible();

  // An agent works the complaint but does not see (or end) the customer's sessions.
  const agent = await staffPage(browser, "agent@kesu.demo");
  await agent.goto(`/admin/complaints/${complaintId}`);
  await expect(agent.getByTestId("complaint-detail")).toBeVisible();
  await expect(agent.getByTestId("h5-sessions")).toHaveCount(0);
});
