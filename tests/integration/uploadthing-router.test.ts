import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Issue 15, point 7: UploadThing's file router (app/api/uploadthing), through the router's own
 * middleware and completion handler. UploadThing's servers are out of reach here: the file it would
 * hold is put in a store behind the same interface (the local disk), and the completion reads it
 * from there as it would read it from UploadThing.
 */
const who = vi.hoisted(() => ({
  cookies: new Map<string, string>(),
  staff: null as null | { id: string; email: string; name: string; role: string; groupIds: string[] },
}));
vi.mock("next/headers", () => ({
  cookies: async () => ({
    get: (name: string) => (who.cookies.has(name) ? { name, value: who.cookies.get(name) } : undefined),
  }),
  headers: async () => new Headers(),
}));
vi.mock("@/lib/auth/staff-session", () => ({ getStaffActor: async () => who.staff }));

import { H5_SESSION_COOKIE } from "../../lib/auth/h5-session";
import { fileH5Complaint } from "../../lib/complaints/file-h5-complaint";
import { localDiskStore } from "../../lib/storage/object-store";
import { uploadRouter, type UploadGrant } from "../../lib/storage/uploadthing-router";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { signedInSession } from "../support/h5-sessions";
import { JPEG } from "../support/shop-api";
import { mp4, webm } from "../support/video-fixtures";
import { createStaff } from "../support/staff";

const dir = mkdtempSync(join(tmpdir(), "kesu-ut-"));
const store = localDiskStore(dir);
const router = uploadRouter({ store: () => store });
const route = router.photo;

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await testDb.$disconnect();
});
beforeEach(async () => {
  who.cookies.clear();
  who.staff = null;
  await resetData();
});

// The router's handlers are called as UploadThing's adapter calls them; only what they read is given.
type MiddlewareArgs = Parameters<typeof route.middleware>[0];
type CompleteArgs = Parameters<typeof route.onUploadComplete>[0];
const middleware = (input: { complaintId?: string }) =>
  route.middleware({
    input,
    files: [],
    req: new Request("http://localhost:3999/api/uploadthing"),
  } as unknown as MiddlewareArgs) as Promise<UploadGrant>;
const complete = (grant: UploadGrant, key: string, size: number) =>
  route.onUploadComplete({
    metadata: grant,
    file: { key, size, name: key, type: "image/jpeg" },
  } as unknown as CompleteArgs) as Promise<{
    id: string | null;
  }>;

async function signIn(orderNo: string) {
  const { secret, session } = await signedInSession({ orderNo });
  who.cookies.set(H5_SESSION_COOKIE, secret);
  return session;
}

describe("the router's middleware", () => {
  it("lets the H5 customer upload for their form or their own complaint, refuses anyone else", async () => {
    const mine = await fileTestComplaint();
    const theirs = await fileTestComplaint();
    await expect(middleware({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const session = await signIn(mine.orderNo);
    expect(await middleware({})).toEqual({ customerId: session.customer.id, staffId: null, complaintId: null });
    expect(await middleware({ complaintId: mine.id })).toEqual({
      customerId: session.customer.id,
      staffId: null,
      complaintId: mine.id,
    });
    await expect(middleware({ complaintId: theirs.id })).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "complaint_not_found",
    });
  });

  it("lets staff upload to a complaint in their groups they may add to; not without one, not elsewhere, not an admin (who does not handle complaints)", async () => {
    const complaint = await fileTestComplaint({ category: "product.quality" });
    who.staff = await createStaff({ role: "agent", groupCodes: ["product"] });
    expect(await middleware({ complaintId: complaint.id })).toMatchObject({
      staffId: who.staff.id,
      complaintId: complaint.id,
    });
    await expect(middleware({})).rejects.toMatchObject({ code: "BAD_REQUEST" });
    who.staff = await createStaff({ role: "agent", groupCodes: ["service"] });
    await expect(middleware({ complaintId: complaint.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    who.staff = await createStaff({ role: "admin" });
    await expect(middleware({ complaintId: complaint.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a fourth photo on a complaint, to its customer and to staff alike", async () => {
    const complaint = await fileTestComplaint({ category: "product.quality" });
    const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    await testDb.upload.createMany({
      data: [0, 1, 2].map((position) => ({
        storage: "local",
        key: `full-${position}-${complaint.id}`,
        contentType: "image/jpeg",
        size: 12,
        customerId,
        complaintId: complaint.id,
        position,
      })),
    });
    await signIn(complaint.orderNo);
    await expect(middleware({ complaintId: complaint.id })).rejects.toMatchObject({ message: "too_many_images" });
    who.cookies.clear();
    who.staff = await createStaff({ role: "agent", groupCodes: ["product"] });
    await expect(middleware({ complaintId: complaint.id })).rejects.toMatchObject({ message: "too_many_images" });
  });

  it("refuses a malformed complaint id before the middleware runs (the router's input parser)", async () => {
    // The router keeps the schema it was given (a Standard Schema): UploadThing validates with it.
    const parser = route.inputParser as unknown as {
      "~standard": { validate: (value: unknown) => Promise<{ issues?: unknown[] }> | { issues?: unknown[] } };
    };
    const parsed = await parser["~standard"].validate({ complaintId: "../../etc" });
    expect("issues" in parsed && parsed.issues?.length).toBeTruthy();
  });
});

describe("the completion handler", () => {
  it("records a real image for the customer's form, and the complaint filed from the form attaches it", async () => {
    const order = await fileTestComplaint();
    const session = await signIn(order.orderNo);
    const grant = await middleware({});
    await store.put({ key: "ut-photo-1", bytes: JPEG, contentType: "image/jpeg" });
    const { id } = await complete(grant, "ut-photo-1", JPEG.length);
    expect(id).toBeTruthy();
    expect(await testDb.upload.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({
      storage: "local",
      key: "ut-photo-1",
      contentType: "image/jpeg",
      customerId: session.customer.id,
      complaintId: null,
    });
    expect(await testDb.auditLog.count({ where: { action: "upload.stored", targetId: id! } })).toBe(1);
    const filed = await fileH5Complaint({
      db: testDb,
      customerId: session.customer.id,
      address: "203.0.113.9",
      fields: {
        orderNo: order.orderNo,
        category: "product.quality",
        description: "又坏了",
        imageIds: [id!],
        submissionId: crypto.randomUUID(),
      },
      keyring: testKeyring(),
    });
    expect(await testDb.upload.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ complaintId: filed.id });
  });

  it("attaches a staff member's photo to its complaint after the ones it has", async () => {
    const complaint = await fileTestComplaint({ category: "product.quality" });
    who.staff = await createStaff({ role: "agent", groupCodes: ["product"] });
    const grant = await middleware({ complaintId: complaint.id });
    await store.put({ key: "ut-photo-2", bytes: JPEG, contentType: "image/jpeg" });
    const { id } = await complete(grant, "ut-photo-2", JPEG.length);
    expect(await testDb.upload.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({
      complaintId: complaint.id,
      position: 0,
    });
  });

  it("deletes what is not an image by its bytes, whatever type it claimed, and records nothing", async () => {
    const order = await fileTestComplaint();
    await signIn(order.orderNo);
    const grant = await middleware({});
    await store.put({
      key: "ut-fake",
      bytes: new TextEncoder().encode("<script>alert(1)</script>"),
      contentType: "image/jpeg",
    });
    expect(await complete(grant, "ut-fake", 25)).toEqual({ id: null, refused: "file_type_not_allowed" });
    expect(await store.get("ut-fake")).toBeNull();
    expect(await testDb.upload.count()).toBe(0);
  });
});

describe("the video endpoint", () => {
  const videoRoute = router.video;
  const videoMiddleware = (input: { complaintId?: string }) =>
    videoRoute.middleware({
      input,
      files: [],
      req: new Request("http://localhost:3999/api/uploadthing"),
    } as unknown as MiddlewareArgs) as Promise<UploadGrant>;
  const completeVideo = (grant: UploadGrant, key: string, size: number) =>
    videoRoute.onUploadComplete({
      metadata: grant,
      file: { key, size, name: key, type: "video/mp4" },
    } as unknown as CompleteArgs) as Promise<{ id: string | null; refused?: string }>;

  it("records a short video on its complaint, then refuses a second one there (middleware and completion alike)", async () => {
    const complaint = await fileTestComplaint({ category: "product.quality" });
    await signIn(complaint.orderNo);
    const grant = await videoMiddleware({ complaintId: complaint.id });
    await store.put({ key: "ut-video-1", bytes: mp4({ seconds: 9 }), contentType: "video/mp4" });
    const { id } = await completeVideo(grant, "ut-video-1", 0);
    expect(await testDb.upload.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({
      contentType: "video/mp4",
      complaintId: complaint.id,
      position: 0,
    });
    await expect(videoMiddleware({ complaintId: complaint.id })).rejects.toMatchObject({ message: "too_many_videos" });
    // Two uploads that passed the middleware together: the second finds the room taken, and is deleted.
    await store.put({ key: "ut-video-2", bytes: webm({ seconds: 4 }), contentType: "video/webm" });
    expect(await completeVideo(grant, "ut-video-2", 0)).toEqual({ id: null, refused: "too_many_videos" });
    expect(await store.get("ut-video-2")).toBeNull();
    // A photo still fits beside the video.
    expect(await middleware({ complaintId: complaint.id })).toMatchObject({ complaintId: complaint.id });
  });

  it("deletes, and says why, a JPEG sent to the video endpoint, a video to the photo one, and a 40-second clip", async () => {
    const order = await fileTestComplaint();
    await signIn(order.orderNo);
    const grant = await videoMiddleware({});
    await store.put({ key: "ut-jpeg-as-video", bytes: JPEG, contentType: "video/mp4" });
    expect(await completeVideo(grant, "ut-jpeg-as-video", JPEG.length)).toEqual({
      id: null,
      refused: "file_type_not_allowed",
    });
    await store.put({ key: "ut-video-as-photo", bytes: mp4(), contentType: "image/jpeg" });
    expect(await complete(grant, "ut-video-as-photo", 0)).toEqual({ id: null, refused: "file_type_not_allowed" });
    await store.put({ key: "ut-long", bytes: mp4({ seconds: 40 }), contentType: "video/mp4" });
    expect(await completeVideo(grant, "ut-long", 0)).toEqual({ id: null, refused: "video_too_long" });
    for (const key of ["ut-jpeg-as-video", "ut-video-as-photo", "ut-long"]) expect(await store.get(key)).toBeNull();
    expect(await testDb.upload.count()).toBe(0);
  });
});
