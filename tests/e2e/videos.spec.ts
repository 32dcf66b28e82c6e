import { expect, test } from "@playwright/test";
import { MAX_VIDEO_BYTES } from "../../lib/storage/video-rules";
import { mp4, webm } from "../support/video-fixtures";
import { h5Link, PNG_1x1, putOrder, staffPage } from "./support";

/**
 * Issue 15 point 1, through `next start`: a short video goes with the photos from the phone's
 * picker to /h5/uploads (20 MB reach the handler; a larger body is refused, translated, not cut
 * or hung), and plays where photos show — Chromium's `<video>` fetching it with Range requests.
 */
const run = Date.now().toString(36).toUpperCase();
const orderNo = `E2EV${run}`;
const clipSize = 256 * 1024;

test("a photo and a short video on an H5 complaint: previewed, one video only, served with Range to the customer and staff", async ({
  page,
  browser,
}) => {
  await putOrder(page.request, orderNo, { externalId: `V-${run}`, name: "王芳" }, "66.00");
  await page.goto(await h5Link(page.request, orderNo));
  await page.getByRole("radio", { name: "质量问题" }).click();
  await page.getByLabel("问题描述").fill("芒果烂了，视频为证");
  const input = page.getByTestId("photo-input");
  await input.setInputFiles({ name: "m.png", mimeType: "image/png", buffer: PNG_1x1 });
  await input.setInputFiles({ name: "clip.mp4", mimeType: "video/mp4", buffer: Buffer.from(mp4({ size: clipSize })) });
  await expect(page.locator("video[src^='blob:']")).toHaveCount(1);
  await expect(page.getByTestId("photo-uploaded")).toHaveCount(2);
  // The picker says no to a second video before sending it, in the page's language.
  await input.setInputFiles({ name: "b.webm", mimeType: "video/webm", buffer: Buffer.from(webm()) });
  await expect(page.getByTestId("photo-error")).toHaveText("最多只能上传 1 个视频。");
  await page.getByRole("button", { name: "提交反馈" }).click();
  await expect(page).toHaveURL(/\/h5\/complaints\/[0-9a-f-]{36}$/);
  const complaintId = new URL(page.url()).pathname.split("/").pop()!;

  const video = page.getByTestId("complaint-video");
  await expect(video).toHaveAttribute("preload", "metadata");
  const src = (await video.getAttribute("src"))!;
  const seek = await page.request.get(src, { headers: { range: "bytes=1024-2047" } });
  expect(seek.status()).toBe(206);
  expect(seek.headers()["content-range"]).toBe(`bytes 1024-2047/${clipSize}`);
  expect(seek.headers()["accept-ranges"]).toBe("bytes");
  expect((await page.request.get(src, { headers: { range: `bytes=${clipSize}-` } })).status()).toBe(416);

  // Staff: the video where the photos are, fetched by Chromium itself with a Range request.
  const supervisor = await staffPage(browser, "supervisor@kesu.demo");
  const ranged = supervisor.waitForResponse(
    (response) => response.url().endsWith(src) && response.request().headers()["range"] !== undefined,
  );
  await supervisor.goto(`/admin/complaints/${complaintId}`);
  await expect(supervisor.getByTestId("complaint-video")).toHaveAttribute("controls", "");
  await expect(supervisor.getByTestId("complaint-photo")).toHaveCount(1);
  expect((await ranged).status()).toBe(206);
});

test("/h5/uploads takes a 20 MB video whole and refuses a larger body with a translated 413", async ({ page }) => {
  const other = `${orderNo}B`;
  await putOrder(page.request, other, { externalId: `V-${run}`, name: "王芳" }, "48.00");
  await page.goto(await h5Link(page.request, other));
  const post = (buffer: Buffer, name: string) =>
    page.request.post("/h5/uploads", {
      multipart: { file: { name, mimeType: "video/mp4", buffer } },
      // The picker posts from the H5 page: its Origin with it.
      headers: { "accept-language": "en", origin: new URL(page.url()).origin },
      timeout: 30_000,
    });
  const whole = await post(Buffer.from(mp4({ seconds: 30, size: MAX_VIDEO_BYTES })), "max.mp4");
  expect(whole.status()).toBe(201);
  const big = await post(Buffer.alloc(MAX_VIDEO_BYTES + 64 * 1024), "big.mp4");
  expect(big.status()).toBe(413);
  expect(await big.json()).toMatchObject({
    code: "file_too_large",
    title: "The file is too large: photos can be at most 5 MB each, a video 20 MB.",
  });
});
