import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { DESKTOP, signInStaff } from "./support";

/** A real local HTTP server playing a WeCom group robot: errcode 0, or 93000 for a bad key. */
let robot: Server;
let robotUrl = "";
const messages: string[] = [];
test.beforeAll(async () => {
  robot = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      const good = (request.url ?? "").includes("key=GOOD");
      if (good) messages.push(JSON.parse(body).markdown.content);
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(good ? { errcode: 0, errmsg: "ok" } : { errcode: 93000, errmsg: "invalid webhook url" }));
    });
  });
  await new Promise<void>((resolve) => robot.listen(0, "127.0.0.1", resolve));
  robotUrl = `http://127.0.0.1:${(robot.address() as AddressInfo).port}/cgi-bin/webhook/send`;
});
test.afterAll(() => new Promise((resolve) => robot.close(resolve)));

test.use(DESKTOP);

test("an admin adds a WeCom robot, sees its key masked, and sends a test message that arrives", async ({ page }) => {
  await signInStaff(page.request, "admin@kesu.demo");
  await page.goto("/admin/settings/channels");
  const form = page.getByTestId("channel-form-new");
  await form.locator("select[name=kind]").selectOption("wecom_robot");
  await form.locator("input[name=name]").fill("品控值班群");
  await form.locator("input[name='config.webhookUrl']").fill(`${robotUrl}?key=GOOD-SECRET-KEY`);
  await form.locator("input[name=topics][value=sla_breached]").check();
  await form.getByRole("button", { name: "保存" }).click();
  const channel = page.getByTestId("channel").filter({ hasText: "品控值班群" });
  await expect(channel).toBeVisible();
  await expect(channel.getByTestId("channel-config-webhookUrl")).toContainText("key=••••");
  await expect(page.locator("body")).not.toContainText("GOOD-SECRET-KEY");

  await channel.getByTestId("channel-test").getByRole("button").click();
  await expect(channel.getByTestId("channel-test").getByTestId("action-ok")).toHaveText("测试消息已发送");
  expect(messages.at(-1)).toContain("Kesu 测试消息");
});

test("a robot that answers errcode 93000 shows the error; supervisors may look but not change", async ({
  page,
  browser,
}) => {
  await signInStaff(page.request, "admin@kesu.demo");
  await page.goto("/admin/settings/channels");
  const form = page.getByTestId("channel-form-new");
  await form.locator("input[name=name]").fill("错误的群");
  await form.locator("input[name='config.webhookUrl']").fill(`${robotUrl}?key=BAD`);
  await form.getByRole("button", { name: "保存" }).click();
  const channel = page.getByTestId("channel").filter({ hasText: "错误的群" });
  await channel.getByTestId("channel-test").getByRole("button").click();
  await expect(channel.getByTestId("channel-test").getByTestId("error-message")).toContainText("errcode 93000");

  const supervisor = await (
    await browser.newContext({ ...DESKTOP, baseURL: test.info().project.use.baseURL })
  ).newPage();
  await signInStaff(supervisor.request, "supervisor@kesu.demo");
  await supervisor.goto("/admin/settings/channels");
  await expect(supervisor.getByText("只有管理员可以修改渠道。")).toBeVisible();
  await expect(supervisor.getByTestId("channel-form-new")).toHaveCount(0);
});
