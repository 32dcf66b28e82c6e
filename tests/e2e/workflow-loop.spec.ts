import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Page } from "@playwright/test";
import { E2E_API_KEY } from "./constants";
import { DESKTOP, postComplaint, putOrder, signInStaff } from "./support";

/**
 * The closed loop on `npm start`, nobody pressing anything: the embedded engine fires the SLA
 * warning and the escalation (timeline + a message at a local WeCom robot), tells the customer
 * and auto-closes a resolved complaint nobody confirms (KESU_CONFIRMATION_WAIT_MINUTES=1 in the
 * e2e server), runs the weekly report through the engine's own "run now", and a delivery that
 * keeps failing (robot down) ends in onFailure and shows as failed at /admin/workflows.
 */
let robot: Server;
let robotUrl = "";
const messages: { key: string; content: string }[] = [];
const sms: { to: string; text: string }[] = [];

test.beforeAll(async () => {
  robot = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const url = new URL(request.url ?? "/", "http://x");
      if (url.pathname === "/sms") {
        sms.push(JSON.parse(body));
        return void response.writeHead(200, { "content-type": "application/json" }).end("{}");
      }
      const key = url.searchParams.get("key") ?? "";
      // No keep-alive: every retry meets the 503 itself, not a socket the server already closed.
      if (key === "DOWN") return void response.writeHead(503, { connection: "close" }).end("down");
      messages.push({ key, content: JSON.parse(body).markdown?.content ?? "" });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ errcode: 0, errmsg: "ok" }));
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, "127.0.0.1", resolve));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send`;
});
test.afterAll(() => new Promise((resolve) => robot.close(resolve)));

test.use(DESKTOP);
test.describe.configure({ timeout: 240_000 });

async function addRobot(page: Page, name: string, key: string, topics: string[]) {
  await page.goto("/admin/settings/channels");
  const form = page.getByTestId("channel-form-new");
  await form.locator("select[name=kind]").selectOption("wecom_robot");
  await form.locator("input[name=name]").fill(name);
  await form.locator("input[name='config.webhookUrl']").fill(`${robotUrl}?key=${key}`);
  for (const topic of topics) await form.locator(`input[name=topics][value=${topic}]`).check();
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("channel").filter({ hasText: name })).toBeVisible();
}

async function setHighFirstResponse(page: Page, minutes: number, warnBefore: number) {
  await page.goto("/admin/settings/sla");
  await page.getByLabel("高 首次响应（分钟）").fill(String(minutes));
  await page.getByLabel("高 提前预警（分钟）").fill(String(warnBefore));
  // The page has the VIP line's form too: this is the priorities' one.
  const form = page.getByTestId("sla-settings");
  await form.getByRole("button", { name: "保存" }).click();
  await expect(form.getByTestId("action-ok").or(form.getByText("已保存"))).toBeVisible();
}

test("an SLA deadline passes: warning and escalation on the timeline and at the robot, nobody pressing anything", async ({
  page,
}) => {
  await signInStaff(page.request, "admin@kesu.demo");
  await addRobot(page, "SLA 值班群", "SLA-ROBOT", ["sla_warning", "sla_breached"]);
  // First response due 2 minutes after filing, the warning 1 minute before it.
  await setHighFirstResponse(page, 2, 1);
  try {
    await putOrder(page.request, "SO-E2E-LOOP-1", { externalId: "CU-LOOP-1", name: "周敏" }, "88.00");
    const id = await postComplaint(page.request, "SO-E2E-LOOP-1", "product.quality", "榴莲整箱发臭，要求处理");
    const started = Date.now();
    // Messages about this complaint name its deadline (the demo's own complaints breach at start-up too).
    const { firstResponseDueAt } = await (
      await page.request.get(`/api/v1/complaints/${id}`, { headers: { authorization: `Bearer ${E2E_API_KEY}` } })
    ).json();
    const due = new Date(firstResponseDueAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
    const ours = (kind: string) =>
      messages.filter((m) => m.key === "SLA-ROBOT" && m.content.includes(kind) && m.content.includes(due));
    await expect
      .poll(() => ours("SLA 超时").length, { timeout: 200_000, intervals: [2_000] })
      .toBeGreaterThanOrEqual(1);
    // The deadline was two minutes after filing; the engine acts at it, not before.
    expect(Date.now() - started).toBeGreaterThan(115_000);
    expect(ours("SLA 预警").length).toBeGreaterThanOrEqual(1);
    await page.goto(`/admin/complaints/${id}`);
    await expect(page.getByText(/SLA 预警：/).first()).toBeVisible();
    await expect(page.getByText(/SLA 超时（.*），已升级给/).first()).toBeVisible();
  } finally {
    await setHighFirstResponse(page, 30, 10);
  }
});

test("a resolved complaint nobody confirms: the customer is told, then it closes by itself", async ({
  page,
  browser,
}) => {
  await signInStaff(page.request, "admin@kesu.demo");
  // The customer's result goes out by SMS through an HTTP gateway (here: the local server).
  await page.goto("/admin/settings/channels");
  const form = page.getByTestId("channel-form-new");
  await form.locator("select[name=kind]").selectOption("sms");
  await form.locator("input[name=name]").fill("回访短信网关");
  await form.locator("input[name='config.driver']").fill("http");
  await form.locator("input[name='config.url']").fill(robotUrl.replace("/cgi-bin/webhook/send", "/sms"));
  await form.locator("input[name=topics][value=complaint_result]").check();
  await form.getByRole("button", { name: "保存" }).click();
  await expect(page.getByTestId("channel").filter({ hasText: "回访短信网关" })).toBeVisible();
  await putOrder(page.request, "SO-E2E-LOOP-2", { externalId: "CU-LOOP-2", name: "钱进" }, "19.90");
  // Out of stock under ¥50: resolved (refunded) at intake, which starts the satisfaction loop.
  const id = await postComplaint(page.request, "SO-E2E-LOOP-2", "product.out_of_stock", "缺货了");
  const status = async () =>
    (
      await (
        await page.request.get(`/api/v1/complaints/${id}`, { headers: { authorization: `Bearer ${E2E_API_KEY}` } })
      ).json()
    ).status;
  expect(await status()).toBe("resolved");
  // The notice arrives with a signed link; it opens the complaint, which asks for the survey.
  await expect.poll(() => sms.length, { timeout: 30_000 }).toBeGreaterThan(0);
  const link = /https?:\/\/\S+\/h5\/enter\?t=\S+/.exec(sms.at(-1)!.text)?.[0];
  expect(link).toBeTruthy();
  const customer = await (
    await browser.newContext({ baseURL: test.info().project.use.baseURL, locale: "zh-CN" })
  ).newPage();
  await customer.goto(new URL(link!).pathname + new URL(link!).search);
  await expect(customer.getByTestId("survey-form")).toBeVisible();
  await expect(customer.getByTestId("resolution-response")).toBeVisible();
  // Nobody answers: the engine's wait times out (1 minute here, 72 h in production) and it closes.
  await expect.poll(status, { timeout: 150_000, intervals: [3_000] }).toBe("closed");
  await page.goto("/admin/workflows");
  await page.getByTestId("wf-count-kesu-satisfaction-loop-completed").click();
  await page.waitForURL(/status=completed/);
  await page.getByTestId("wf-run-row").first().getByRole("link").first().click();
  await page.waitForURL(/\/admin\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("wf-step-row").filter({ hasText: "notify-customer" })).toBeVisible();
  await expect(page.getByTestId("wf-step-row").filter({ hasText: "wait-for-confirmation" })).toBeVisible();
  await expect(page.getByTestId("wf-step-row").filter({ hasText: "close-unconfirmed" })).toBeVisible();
});

test("the weekly report runs through the engine's own 'run now'; a delivery that keeps failing ends in onFailure", async ({
  page,
}) => {
  await signInStaff(page.request, "admin@kesu.demo");
  await addRobot(page, "周报群（宕机）", "DOWN", ["weekly_report"]);
  await page.goto("/admin/workflows");
  await page.getByTestId("wf-run-now-kesu-weekly-report").getByRole("button").click();
  await expect
    .poll(
      async () => {
        await page.goto("/admin/reports");
        return page.getByTestId("report").count();
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBeGreaterThan(0);
  // The robot answers 503: retried with backoff (KESU_ENGINE_RETRY_BASE_MS=200), then failed → onFailure.
  await expect
    .poll(
      async () => {
        await page.goto("/admin/workflows");
        const failed = page.getByTestId("wf-count-kesu-deliver-notification-failed");
        const handled = page.getByTestId("wf-count-kesu-deliver-notification-failure-completed");
        return (await failed.count()) > 0 && (await handled.count()) > 0
          ? `${await failed.innerText()}|${await handled.innerText()}`
          : "";
      },
      { timeout: 90_000, intervals: [3_000] },
    )
    .toMatch(/[1-9]/);
  await page.getByTestId("wf-count-kesu-deliver-notification-failed").click();
  await page.waitForURL(/status=failed/);
  await page.getByTestId("wf-run-row").first().getByRole("link").first().click();
  await page.waitForURL(/\/admin\/workflows\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("wf-run-status")).toContainText(/失败|failed/);
  // The robot's 503 (or, when it drops the connection first, the network error) is on the run.
  await expect(page.locator("body")).toContainText(/HTTP 503|network error/);
});
