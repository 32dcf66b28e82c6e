import { randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Issue 15 point 1: short videos of the produce, besides photos — MP4 or WebM, at most 20 MB and
 * 30 s, checked by their bytes, one per complaint or rating, served like photos (with Range for
 * `<video>`); and "bad input": what is not such a video is refused, translated, nothing written.
 * The route handlers and server actions run for real, with Next's request APIs replaced by one
 * browser's cookie jar and, for staff, the session's answer.
 */
const browser = vi.hoisted(() => ({
  cookies: new Map<string, string>(),
  headers: new Headers({
    "accept-language": "en",
    "x-forwarded-for": "203.0.113.7",
    "user-agent": "Mozilla/5.0 (iPhone) KesuTest",
  }),
  staff: null as null | { id: string; email: string; name: string; role: string; groupIds: string[] },
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (browser.cookies.has(name) ? { name, value: browser.cookies.get(name) } : undefined),
    set: () => undefined,
    delete: () => undefined,
  }),
  headers: async () => browser.headers,
}));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/navigation", () => ({
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
}));
vi.mock("next-intl/server", async () => {
  const { translatorFor } = await import("../../lib/i18n/translator");
  return { getTranslations: async () => translatorFor("en"), getLocale: async () => "en" };
});
vi.mock("@/lib/auth/staff-session", () => ({ getStaffActor: async () => browser.staff }));

import { submitRatingAction } from "../../app/(h5)/h5/actions";
import { POST as h5UploadPost } from "../../app/(h5)/h5/uploads/route";
import { GET as fileGet } from "../../app/api/files/[id]/route";
import { POST as shopUploadPost } from "../../app/api/v1/uploads/route";
import { H5_SESSION_COOKIE } from "../../lib/auth/h5-session";
import { translatorFor } from "../../lib/i18n/translator";
import { MAX_UPLOAD_BODY } from "../../lib/storage/uploads";
import { MAX_VIDEO_BYTES } from "../../lib/storage/video-rules";
import { resetData, testDb } from "../support/db-helpers";
import { allRowCounts, expectNoServerError, storedFileNames } from "../support/fuzz";
import { postH5Complaint } from "../support/h5-api";
import { signedInSession } from "../support/h5-sessions";
import { apiKey, JPEG, orderBody, shopApi } from "../support/shop-api";
import { createStaff } from "../support/staff";
import { mp4, webm } from "../support/video-fixtures";

const APP = "http://localhost:3999";
const dataDir = () => process.env.DATA_DIR!;
const params = <T>(value: T) => ({ params: Promise.resolve(value) });

afterAll(() => testDb.$disconnect());
beforeEach(async () => {
  await resetData();
  browser.cookies.clear();
  browser.staff = null;
  browser.headers.set("accept-language", "en");
  await shopApi.putOrder("SO-V1", orderBody({ customer: { externalId: "V", name: "王芳", region: "上海" } }));
  await shopApi.putOrder("SO-V2", orderBody({ customer: { externalId: "V", name: "王芳", region: "上海" } }));
});

async function signIn(orderNo: string) {
  const { secret, session } = await signedInSession({ orderNo });
  browser.cookies.set(H5_SESSION_COOKIE, secret);
  return session;
}

/** What the picker sends to /h5/uploads: one file, its claimed type, the body's length. */
async function uploadRequest(
  bytes: Uint8Array,
  {
    type = "",
    name = "clip",
    declaredLength,
    origin = APP,
  }: { type?: string; name?: string; declaredLength?: number; origin?: string | null } = {},
) {
  const form = new FormData();
  form.append("file", new Blob([Buffer.from(bytes)], { type }), name);
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  return new Request(`${APP}/h5/uploads`, {
    method: "POST",
    headers: {
      "content-type": encoded.headers.get("content-type")!,
      "content-length": String(declaredLength ?? body.length),
      // What a browser sends with a POST from our own page.
      ...(origin === null ? {} : { origin }),
    },
    body,
  });
}
const h5Upload = async (bytes: Uint8Array, options?: Parameters<typeof uploadRequest>[1]) =>
  h5UploadPost(await uploadRequest(bytes, options));
const uploaded = async (bytes: Uint8Array, type: string) => {
  const response = await h5Upload(bytes, { type });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { id: string }).id;
};
const file = (id: string, headers: Record<string, string> = {}) =>
  fileGet(new Request(`${APP}/api/files/${id}`, { headers }), params({ id }));
const bytesOf = async (response: Response) => new Uint8Array(await response.arrayBuffer());

describe("a short video through the H5 upload, served like a photo", () => {
  it("accepts a short MP4 and a short WebM, stores them as what their bytes are, and serves them with Range", async () => {
    await signIn("SO-V1");
    const clips = [
      { bytes: mp4({ seconds: 12, size: 4096 }), type: "video/mp4", extension: ".mp4" },
      { bytes: webm({ seconds: 29, size: 4096 }), type: "video/webm", extension: ".webm" },
    ];
    for (const clip of clips) {
      const id = await uploaded(clip.bytes, clip.type);
      const row = await testDb.upload.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ contentType: clip.type, size: 4096, complaintId: null, ratingId: null });
      expect(row.key.endsWith(clip.extension)).toBe(true);

      const whole = await file(id);
      expect(whole.status).toBe(200);
      expect(whole.headers.get("content-type")).toBe(clip.type);
      expect(whole.headers.get("accept-ranges")).toBe("bytes");
      expect(whole.headers.get("x-content-type-options")).toBe("nosniff");
      expect(Buffer.from(await bytesOf(whole)).equals(Buffer.from(clip.bytes))).toBe(true);

      // What Chromium's <video> asks first, then a seek, then the end.
      const first = await file(id, { range: "bytes=0-" });
      expect(first.status).toBe(206);
      expect(first.headers.get("content-range")).toBe("bytes 0-4095/4096");
      const seek = await file(id, { range: "bytes=1000-1999" });
      expect(seek.status).toBe(206);
      expect(seek.headers.get("content-range")).toBe("bytes 1000-1999/4096");
      expect(seek.headers.get("content-length")).toBe("1000");
      expect(Buffer.from(await bytesOf(seek)).equals(Buffer.from(clip.bytes.subarray(1000, 2000)))).toBe(true);
      const tail = await file(id, { range: "bytes=-96" });
      expect(tail.headers.get("content-range")).toBe("bytes 4000-4095/4096");

      const past = await file(id, { range: "bytes=4096-", "accept-language": "es" });
      expect(past.status).toBe(416);
      expect(past.headers.get("content-range")).toBe("bytes */4096");
      expect((await expectNoServerError(past))?.title).toBe(translatorFor("es")("errors.range_not_satisfiable"));
    }
  });

  it("refuses an upload posted from another site, or without an Origin, translated, storing nothing", async () => {
    await signIn("SO-V1");
    browser.headers.set("accept-language", "es");
    for (const origin of ["https://evil.example", "null", null]) {
      const response = await h5Upload(mp4({ seconds: 5, size: 4096 }), { type: "video/mp4", origin });
      expect(response.status).toBe(403);
      expect((await expectNoServerError(response))?.title).toBe(translatorFor("es")("errors.forbidden"));
    }
    expect(await testDb.upload.count()).toBe(0);
    // From our own page it goes through.
    expect((await h5Upload(mp4({ seconds: 5, size: 4096 }), { type: "video/mp4" })).status).toBe(201);
    expect(await testDb.upload.count()).toBe(1);
  });

  it("takes a video of exactly 20 MB; the bytes a stranger's session asks for do not exist for it", async () => {
    await signIn("SO-V1");
    const id = await uploaded(mp4({ seconds: 30, size: MAX_VIDEO_BYTES }), "video/mp4");
    expect((await file(id, { range: "bytes=0-1023" })).status).toBe(206);
    await shopApi.putOrder("SO-W1", orderBody({ customer: { externalId: "W", name: "李娜", region: "北京" } }));
    browser.cookies.clear();
    await signIn("SO-W1");
    const stranger = await file(id, { range: "bytes=0-1023" });
    expect(stranger.status).toBe(404);
    expect((await expectNoServerError(stranger))?.code).toBe("upload_not_found");
  });

  const refusals: [string, () => Promise<Request>, number, string][] = [
    [
      "a JPEG renamed clip.mp4, sent as video/mp4",
      () => uploadRequest(JPEG, { type: "video/mp4", name: "clip.mp4" }),
      415,
      "file_type_not_allowed",
    ],
    [
      "an MP4 sent as image/jpeg",
      () => uploadRequest(mp4(), { type: "image/jpeg", name: "photo.jpg" }),
      415,
      "file_type_not_allowed",
    ],
    [
      "a QuickTime movie (qt brand only)",
      () => uploadRequest(mp4({ brands: ["qt  ", "qt  "] }), { type: "video/quicktime" }),
      415,
      "file_type_not_allowed",
    ],
    [
      "a Matroska file that is not WebM",
      () => uploadRequest(webm({ docType: "matroska" }), { type: "video/webm" }),
      415,
      "file_type_not_allowed",
    ],
    ["a 40-second video", () => uploadRequest(mp4({ seconds: 40 }), { type: "video/mp4" }), 422, "video_too_long"],
    ["a 31-second WebM", () => uploadRequest(webm({ seconds: 31 }), { type: "video/webm" }), 422, "video_too_long"],
    [
      "a WebM without a duration (as MediaRecorder writes it)",
      () => uploadRequest(webm({ durationBytes: null }), { type: "video/webm" }),
      422,
      "video_unreadable",
    ],
    [
      "an MP4 with sound only",
      () => uploadRequest(mp4({ handler: "soun" }), { type: "video/mp4" }),
      422,
      "video_unreadable",
    ],
    [
      "an MP4 cut short before its moov",
      () => uploadRequest(mp4({ moovLast: true, size: 8192 }).subarray(0, 8000), { type: "video/mp4" }),
      422,
      "video_unreadable",
    ],
    [
      "a video one byte over 20 MB",
      () => uploadRequest(mp4({ size: MAX_VIDEO_BYTES + 1 }), { type: "video/mp4" }),
      413,
      "video_too_large",
    ],
    [
      "a body over the limit by its declared length (not read)",
      () => uploadRequest(mp4(), { type: "video/mp4", declaredLength: MAX_UPLOAD_BODY + 1 }),
      413,
      "file_too_large",
    ],
  ];
  it.each(refusals)("refuses %s, translated, writing nothing", async (_name, request, status, code) => {
    await signIn("SO-V1");
    browser.headers.set("accept-language", "es");
    const [rows, files] = [await allRowCounts(), storedFileNames(dataDir()).length];
    const response = await h5UploadPost(await request());
    expect(response.status).toBe(status);
    const problem = await expectNoServerError(response);
    expect(problem?.code).toBe(code);
    expect(response.headers.get("content-language")).toBe("es");
    expect(problem?.title).toBe(translatorFor("es")(`errors.${code}` as "errors.video_too_long", { max: 30 }));
    expect(await allRowCounts()).toEqual(rows);
    expect(storedFileNames(dataDir()).length).toBe(files);
  });
});

describe("one video per complaint or rating, besides photos, three files in all", () => {
  const form = (fields: Record<string, string | string[]>) => {
    const data = new FormData();
    for (const [key, value] of Object.entries(fields)) for (const one of [value].flat()) data.append(key, one);
    return data;
  };
  // The complaint form's route (pages/api/h5/complaints.ts), as the signed-in browser.
  const fileComplaint = (imageIds: string[]) =>
    postH5Complaint({
      sessionSecret: browser.cookies.get(H5_SESSION_COOKIE),
      fields: {
        orderNo: "SO-V1",
        category: "product.quality",
        description: "芒果烂了，视频为证",
        imageIds,
        submissionId: randomUUID(),
      },
    });
  const ratingForm = (orderNo: string, imageIds: string[], stars = "2") =>
    form({ orderNo, stars, tags: [], text: "坏了两个", imageIds, submissionId: randomUUID() });

  it("refuses a second video on an H5 complaint or rating, translated, attaching and filing nothing", async () => {
    await signIn("SO-V1");
    const videos = [await uploaded(mp4(), "video/mp4"), await uploaded(webm(), "video/webm")];
    const rows = await allRowCounts();
    const t = translatorFor("en");
    expect(await fileComplaint(videos)).toMatchObject({
      status: 422,
      body: { title: t("errors.too_many_videos", { max: 1 }) },
    });
    expect(await submitRatingAction({}, ratingForm("SO-V1", videos))).toEqual({
      message: t("errors.too_many_videos", { max: 1 }),
    });
    expect(await allRowCounts()).toEqual(rows);
    expect(await testDb.rating.count()).toBe(0);
    expect(await testDb.upload.count({ where: { complaintId: null, ratingId: null } })).toBe(2);
  });

  it("files an H5 complaint with two photos and a video; staff in scope see the video, with Range", async () => {
    await signIn("SO-V1");
    const clip = mp4({ seconds: 20, size: 2048 });
    const ids = [
      await uploaded(JPEG, "image/jpeg"),
      await uploaded(clip, "video/mp4"),
      await uploaded(JPEG, "image/jpeg"),
    ];
    const outcome = await fileComplaint(ids);
    expect(outcome.status).toBe(201);
    const complaintId = outcome.body.id;
    expect(complaintId).toBeTruthy();
    const attached = await testDb.upload.findMany({ where: { complaintId }, orderBy: { position: "asc" } });
    expect(attached.map((upload) => [upload.id, upload.contentType])).toEqual([
      [ids[0], "image/jpeg"],
      [ids[1], "video/mp4"],
      [ids[2], "image/jpeg"],
    ]);
    browser.staff = await createStaff({ role: "supervisor" });
    const seek = await file(ids[1]!, { range: "bytes=4-11" });
    expect(seek.status).toBe(206);
    expect(Buffer.from(await bytesOf(seek)).toString("latin1")).toBe("ftypisom");
  });

  it("a low rating with a photo and a video files a complaint carrying both", async () => {
    await signIn("SO-V2");
    const ids = [await uploaded(JPEG, "image/jpeg"), await uploaded(webm({ seconds: 10 }), "video/webm")];
    await expect(submitRatingAction({}, ratingForm("SO-V2", ids, "1"))).rejects.toThrow(/^redirect:/);
    const rating = await testDb.rating.findFirstOrThrow({ select: { id: true, complaintId: true } });
    expect(rating.complaintId).toBeTruthy();
    const onComplaint = await testDb.upload.findMany({
      where: { complaintId: rating.complaintId },
      select: { id: true },
    });
    expect(onComplaint.map((upload) => upload.id).sort()).toEqual([...ids].sort());
  });

  it("the shop API: uploads a video like a photo, and refuses two videos on one complaint", async () => {
    const post = async (bytes: Uint8Array) => {
      const response = await shopApi.postUpload(new Blob([Buffer.from(bytes)], { type: "video/webm" }));
      expect(response.status).toBe(201);
      return ((await response.json()) as { id: string }).id;
    };
    const [first, second] = [await post(webm()), await post(webm({ seconds: 3 }))];
    expect(await testDb.upload.findUniqueOrThrow({ where: { id: first } })).toMatchObject({
      contentType: "video/webm",
      customerId: null,
    });
    const body = (images: string[]) => ({ orderNo: "SO-V1", category: "product.quality", description: "坏果", images });
    const rows = await allRowCounts();
    const refused = await shopApi.postComplaint(body([first, second]), { idempotencyKey: "video-2" });
    expect(refused.status).toBe(422);
    expect((await expectNoServerError(refused))?.code).toBe("too_many_videos");
    expect(await allRowCounts()).toEqual(rows);
    expect((await shopApi.postComplaint(body([first]), { idempotencyKey: "video-1" })).status).toBe(201);
  });

  it("the shop API's upload stops reading a body without a length once it passes the limit", async () => {
    const boundary = "kesu-boundary";
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
    );
    const chunk = new Uint8Array(1024 * 1024);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new Uint8Array(head));
        // Endless: only the limit ends it.
        controller.enqueue(chunk);
        sent += chunk.length;
        if (sent > 4 * MAX_UPLOAD_BODY) controller.close();
      },
    });
    const rows = await allRowCounts();
    const response = await shopUploadPost(
      new Request(`${APP}/api/v1/uploads`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey()}`, "content-type": `multipart/form-data; boundary=${boundary}` },
        body,
        duplex: "half",
      } as RequestInit),
      params({}),
    );
    expect(response.status).toBe(413);
    expect((await expectNoServerError(response))?.code).toBe("file_too_large");
    expect(sent).toBeLessThan(2 * MAX_UPLOAD_BODY);
    expect(await allRowCounts()).toEqual(rows);
  });
});
