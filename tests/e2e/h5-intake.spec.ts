import { expect, test } from "@playwright/test";
import zh from "../../lib/i18n/messages/zh-CN.json";
import { expiredLink, h5Link, PNG_1x1, putOrder } from "./support";

const run = Date.now().toString(36).toUpperCase();
const orderA = `E2EA${run}`;
const cheapA = `E2EC${run}`;
const orderB = `E2EB${run}`;

test.beforeAll(async ({ request }) => {
  await putOrder(request, orderA, { externalId: `A-${run}`, name: "王芳", tier: "vip" }, "88.00");
  await putOrder(request, cheapA, { externalId: `A-${run}`, name: "王芳", tier: "vip" }, "25.80");
  await putOrder(request, orderB, { externalId: `B-${run}`, name: "李娜" }, "66.00");
});

test("an H5 link opens the order's form; a complaint with a photo lands on its timeline", async ({ page }) => {
  await page.goto(await h5Link(page.request, orderA));
  await expect(page).toHaveURL(new RegExp(`/h5/orders/${orderA}/new$`));
  await expect(page.getByTestId("order-summary")).toContainText(orderA);
  await expect(page.getByTestId("order-summary")).toContainText("¥88.00");

  await page.getByRole("tab", { name: "商品问题" }).click();
  await page.getByRole("radio", { name: "质量问题" }).click();
  await page.getByLabel("问题描述").fill("收到的芒果有两个已经烂了");
  await expect(page.getByTestId("description-counter")).toHaveText("12/300");
  await page.getByTestId("photo-input").setInputFiles({ name: "mango.png", mimeType: "image/png", buffer: PNG_1x1 });
  await page.getByRole("button", { name: "提交反馈" }).click();

  await expect(page).toHaveURL(/\/h5\/complaints\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("status-tag")).toHaveText("待处理");
  await expect(page.getByTestId("timeline")).toContainText("您的反馈已提交：质量问题");
  const photo = page.getByTestId("complaint-photo");
  await expect(photo).toHaveCount(1);
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

  await page.goto("/h5/complaints");
  await expect(page.getByTestId("complaint-list")).toContainText("收到的芒果有两个已经烂了");
});

test("an H5 page carries the H5's messages to the phone, not the staff pages'", async ({ page }) => {
  await page.goto(await h5Link(page.request, orderB));
  await expect(page.getByRole("button", { name: zh.h5.form.submit })).toBeVisible();
  const html = await (await page.request.get(page.url())).text();
  // The form's own texts travel with it (its client components read them)…
  expect(html).toContain(zh.h5.form.descriptionPlaceholder);
  // …the staff workspace's do not (lib/i18n/client-messages.ts): before, every page carried all 68 KB.
  for (const staffOnly of [zh.admin.queue.empty, zh.plans.intro, zh.risk.intro]) expect(html).not.toContain(staffOnly);
  expect(html.length).toBeLessThan(60_000);
});

test("out of stock under ¥50 from the quick lane is refunded at once and shown", async ({ page }) => {
  await page.goto(await h5Link(page.request, cheapA, "out_of_stock"));
  await expect(page.getByRole("radio", { name: "缺货" })).toHaveAttribute("aria-checked", "true");
  await page.getByLabel("问题描述").fill("下单后通知缺货");
  await page.getByRole("button", { name: "提交反馈" }).click();
  await expect(page.getByTestId("timeline")).toContainText("系统已自动为您退款¥25.80");
  await expect(page.getByTestId("status-tag")).toHaveText("已解决");
  await expect(page.getByTestId("compensation")).toContainText("¥25.80");
});

test("the form explains a too-long description in the chosen language and files nothing", async ({ page }) => {
  await page.goto(await h5Link(page.request, orderA));
  await page.getByLabel("语言").selectOption("en");
  await expect(page.getByRole("heading", { name: "Report a problem" })).toBeVisible();
  await page.getByRole("radio", { name: "Quality problem" }).click();
  await page.getByLabel("Description").fill("烂".repeat(301));
  await expect(page.getByTestId("description-counter")).toHaveText("301/300");
  await page.getByRole("button", { name: "Submit" }).click();
  await expect(page.getByTestId("error-message")).toHaveText("Some fields are not valid; see the list.");
  await expect(page.getByText("At most 300 characters.")).toBeVisible();
  await expect(page).toHaveURL(/\/new$/);
  await page.getByLabel("Language").selectOption("zh-CN");
});

test("a second customer cannot open the first customer's complaint, photo or order", async ({ page, browser }) => {
  // Customer A files a complaint with a photo.
  await page.goto(await h5Link(page.request, orderA));
  await page.getByRole("radio", { name: "质量问题" }).click();
  await page.getByLabel("问题描述").fill("有一个芒果发霉了");
  await page.getByTestId("photo-input").setInputFiles({ name: "m.png", mimeType: "image/png", buffer: PNG_1x1 });
  await page.getByRole("button", { name: "提交反馈" }).click();
  await expect(page).toHaveURL(/\/h5\/complaints\/[0-9a-f-]{36}$/);
  const complaintUrl = new URL(page.url()).pathname;
  const photoUrl = await page.getByTestId("complaint-photo").getAttribute("src");
  expect((await page.request.get(photoUrl!)).status()).toBe(200);

  // Customer B, in their own browser context.
  const other = await browser.newContext({
    viewport: { width: 375, height: 812 },
    locale: "zh-CN",
    baseURL: test.info().project.use.baseURL,
  });
  const pageB = await other.newPage();
  await pageB.goto(await h5Link(pageB.request, orderB));
  await expect(pageB.getByTestId("order-summary")).toContainText(orderB);
  const complaintPage = await pageB.goto(complaintUrl);
  expect(complaintPage?.status()).toBe(404);
  const photo = await pageB.request.get(photoUrl!);
  expect(photo.status()).toBe(404);
  expect((await photo.json()).code).toBe("upload_not_found");
  await pageB.goto(`/h5/orders/${orderA}/new`);
  await expect(pageB.getByTestId("error-message")).toHaveText(
    "本次链接只能查看它对应的订单。请在 App 中从这个订单的「问题反馈」进入。",
  );
  await other.close();

  // Nobody signed in at all.
  const anonymous = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anonymous.request.get(photoUrl!)).status()).toBe(401);
  await anonymous.close();
});

test("tampered and expired links are refused with a translated 4xx page", async ({ page }) => {
  const link = await h5Link(page.request, orderB);
  const tampered = await page.goto(link.replace(/.$/, (c) => (c === "A" ? "B" : "A")));
  expect(tampered?.status()).toBe(400);
  await expect(page.locator("[data-error-code]")).toHaveText("链接无效，请回到 App 重新打开。");

  const payload = JSON.parse(
    Buffer.from(new URL(link, "http://x").searchParams.get("t")!.split(".")[0], "base64url").toString(),
  );
  const expired = await page.goto(expiredLink(orderB, payload.c));
  expect(expired?.status()).toBe(410);
  await expect(page.locator("[data-error-code]")).toHaveText("链接已过期，请回到 App 重新打开。");
});
