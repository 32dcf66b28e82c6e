import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postRating } from "../../app/api/v1/ratings/route";
import { listRatings, parseRatingFilter } from "../../lib/ratings/list-ratings";
import { updateRatingSettings } from "../../lib/ratings/rating-settings";
import { ratingStats } from "../../lib/ratings/rating-stats";
import { fileRatingComplaint, submitRating } from "../../lib/ratings/submit-rating";
import { appObjectStore } from "../../lib/storage/app-store";
import { pruneUnattachedUploads } from "../../lib/storage/customer-upload";
import { readUploadForViewer } from "../../lib/storage/uploads";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { apiKey, JPEG, orderBody, shopApi } from "../support/shop-api";
import { createStaff } from "../support/staff";

/**
 * Issue 15, point 1: the order-completion rating module. Ratings come from the shop's API (and the
 * H5 page, whose action calls the same submitRating); a low one becomes a complaint exactly once;
 * the dashboard's averages are the ratings' own.
 */
afterAll(() => testDb.$disconnect());
beforeEach(resetData);

let keys = 0;
function rate(body: unknown, { key = `rate-${++keys}-${Date.now()}`, auth = true } = {}) {
  return postRating(
    new Request("http://localhost:3999/api/v1/ratings", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(auth ? { authorization: `Bearer ${apiKey()}` } : {}),
        ...(key ? { "idempotency-key": key } : {}),
      },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve({}) },
  );
}

async function order(orderNo: string, overrides: Record<string, unknown> = {}) {
  expect((await shopApi.putOrder(orderNo, orderBody(overrides))).status).toBe(201);
}

describe("POST /api/v1/ratings", () => {
  it("counts a good rating; answers a retry with the same rating; refuses a second rating of the order", async () => {
    await order("SO-R1");
    const first = await rate({ orderNo: "SO-R1", stars: 5, tags: ["freshness"], text: "很新鲜" }, { key: "k-r1" });
    expect(first.status).toBe(201);
    const body = await first.json();
    expect(body).toMatchObject({ stars: 5, complaintId: null });
    const again = await rate({ orderNo: "SO-R1", stars: 5, tags: ["freshness"], text: "很新鲜" }, { key: "k-r1" });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect((await again.json()).id).toBe(body.id);
    // The same key for another body is a client bug, said as such.
    const reused = await rate({ orderNo: "SO-R1", stars: 4 }, { key: "k-r1" });
    expect(reused.status).toBe(422);
    expect((await reused.json()).code).toBe("idempotency_key_reused");
    const second = await rate({ orderNo: "SO-R1", stars: 1 });
    expect(second.status).toBe(409);
    expect((await second.json()).code).toBe("rating_exists");
    expect(await testDb.rating.count()).toBe(1);
    expect(await testDb.complaint.count()).toBe(0);
  });

  it("refuses, before writing anything: no key, no Idempotency-Key, bad fields, an unknown order", async () => {
    await order("SO-R2");
    expect((await rate({ orderNo: "SO-R2", stars: 5 }, { auth: false })).status).toBe(401);
    expect((await rate({ orderNo: "SO-R2", stars: 5 }, { key: "" })).status).toBe(400);
    for (const bad of [
      { orderNo: "SO-R2" },
      { orderNo: "SO-R2", stars: 0 },
      { orderNo: "SO-R2", stars: 6 },
      { orderNo: "SO-R2", stars: 2.5 },
      { orderNo: "SO-R2", stars: 3, tags: ["smell"] },
      { orderNo: "SO-R2", stars: 3, tags: ["price", "price"] },
      { orderNo: "SO-R2", stars: 3, text: "烂".repeat(301) },
      { orderNo: "SO-R2", stars: 3, locale: "fr" },
      { orderNo: "../etc", stars: 3 },
    ]) {
      const response = await rate(bad);
      expect(response.status, JSON.stringify(bad)).toBe(422);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
    }
    expect((await rate({ orderNo: "SO-NONE", stars: 2 })).status).toBe(404);
    expect(await testDb.rating.count()).toBe(0);
  });

  it("files a low rating as a complaint of its first tag's subtype, linked, with its photos; text-only ones by the text", async () => {
    await order("SO-R3");
    const upload = await shopApi.postUpload(new Blob([JPEG], { type: "image/jpeg" }));
    const { id: photo } = await upload.json();
    const response = await rate({ orderNo: "SO-R3", stars: 2, tags: ["packaging", "delivery_time"], images: [photo] });
    const { id, complaintId } = await response.json();
    expect(complaintId).toBeTruthy();
    const complaint = await testDb.complaint.findUniqueOrThrow({
      where: { id: complaintId },
      select: { category: true, description: true, images: { select: { id: true } }, rating: { select: { id: true } } },
    });
    // delivery_time comes before packaging in the tags' order.
    expect(complaint).toMatchObject({ category: "delivery.late", rating: { id }, images: [{ id: photo }] });
    // Nothing written by the customer: the complaint says the stars and the tags as ticked, in their language.
    expect(complaint.description).toBe("2 星评价：包装完好和配送时效");

    await order("SO-R4", { customer: { ...orderBody().customer, externalId: "CU-R4" } });
    const byText = await (
      await rate({ orderNo: "SO-R4", stars: 1, text: "客服态度很差，还挂我电话", locale: "en" })
    ).json();
    const fromText = await testDb.complaint.findUniqueOrThrow({ where: { id: byText.complaintId } });
    expect(fromText).toMatchObject({ category: "service.attitude", description: "客服态度很差，还挂我电话" });
  });

  it("ten identical requests at once, and a retry after a crash between rating and complaint: one rating, one complaint", async () => {
    await order("SO-R5");
    const body = { orderNo: "SO-R5", stars: 1, tags: ["freshness"], text: "芒果全烂了" };
    const answers = await Promise.all(Array.from({ length: 10 }, () => rate(body, { key: "k-wave" })));
    expect(answers.map((r) => r.status)).toEqual(Array(10).fill(201));
    const ids = new Set(await Promise.all(answers.map(async (r) => JSON.stringify(await r.json()))));
    expect(ids.size).toBe(1);
    expect(await testDb.rating.count()).toBe(1);
    expect(await testDb.complaint.count()).toBe(1);

    // The crash: the rating (wanting a complaint) and its event were written, then the process
    // died. The workflow's step (fileRatingComplaint), retried and raced by the client's own retry,
    // files one complaint — even after the threshold changed in between.
    await order("SO-R6", { customer: { ...orderBody().customer, externalId: "CU-R6" } });
    const idempotency = { key: "api:k-crash", requestHash: "h" };
    const { id: orderId, customerId } = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-R6" } });
    const written = await testDb.rating.create({
      data: {
        orderId,
        customerId,
        stars: 2,
        text: "不新鲜",
        locale: "zh-CN",
        source: "api",
        region: "上海",
        tier: "normal",
        idempotencyKey: idempotency.key,
        requestHash: "h",
        wantsComplaint: true,
      },
    });
    const admin = await createStaff({ role: "admin" });
    await updateRatingSettings({ db: testDb, actor: admin, input: { complaintAtOrBelowStars: 0 }, expectedVersion: 0 });
    const filed = await Promise.all([
      ...[1, 2, 3].map(() => fileRatingComplaint({ db: testDb, ratingId: written.id, keyring: testKeyring() })),
      submitRating({
        db: testDb,
        actor: { type: "shop" },
        input: { orderNo: "SO-R6", stars: 2, tags: [], text: "不新鲜", imageIds: [] },
        locale: "zh-CN",
        source: "api",
        idempotency,
        keyring: testKeyring(),
      }).then((outcome) => outcome.complaintId),
    ]);
    expect(new Set(filed).size).toBe(1);
    expect(filed[0]).toBeTruthy();
    const rating = await testDb.rating.findUniqueOrThrow({ where: { orderId } });
    expect(rating.complaintId).toBe(filed[0]);
    expect(await testDb.complaint.count({ where: { orderId } })).toBe(1);
  });

  it("writes the rating, its decision and (when low) its workflow event in one transaction", async () => {
    await order("SO-E1");
    await order("SO-E2", { customer: { ...orderBody().customer, externalId: "CU-E2" } });
    const low = await (await rate({ orderNo: "SO-E1", stars: 3 })).json();
    const high = await (await rate({ orderNo: "SO-E2", stars: 4 })).json();
    const events = await testDb.outboxEvent.findMany({ where: { name: "kesu/rating.needs_complaint" } });
    expect(events.map((e) => e.aggregateId)).toEqual([low.id]);
    expect(events[0]!.data).toEqual({ ratingId: low.id });
    const stored = await testDb.rating.findMany({ orderBy: { stars: "asc" }, select: { wantsComplaint: true } });
    expect(stored).toEqual([{ wantsComplaint: true }, { wantsComplaint: false }]);
    expect(high.complaintId).toBeNull();
  });

  it("follows the configured threshold: at 1 a two-star rating is only counted; at 0 none is filed", async () => {
    const admin = await createStaff({ role: "admin" });
    await updateRatingSettings({ db: testDb, actor: admin, input: { complaintAtOrBelowStars: 1 }, expectedVersion: 0 });
    await order("SO-R7");
    expect((await (await rate({ orderNo: "SO-R7", stars: 2 })).json()).complaintId).toBeNull();
    await updateRatingSettings({ db: testDb, actor: admin, input: { complaintAtOrBelowStars: 0 }, expectedVersion: 1 });
    await order("SO-R8", { customer: { ...orderBody().customer, externalId: "CU-R8" } });
    expect((await (await rate({ orderNo: "SO-R8", stars: 1 })).json()).complaintId).toBeNull();
    expect(await testDb.complaint.count()).toBe(0);
    const audit = await testDb.auditLog.count({ where: { action: { contains: "setting" } } });
    expect(audit).toBeGreaterThanOrEqual(2);
    await expect(
      updateRatingSettings({ db: testDb, actor: admin, input: { complaintAtOrBelowStars: 6 }, expectedVersion: 2 }),
    ).rejects.toThrow();
    const agent = await createStaff({ role: "agent" });
    await expect(
      updateRatingSettings({ db: testDb, actor: agent, input: { complaintAtOrBelowStars: 5 }, expectedVersion: 2 }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("a rating's photos", () => {
  it("are kept by the hourly prune and open for those who read ratings, not for an agent", async () => {
    await order("SO-PH");
    const { id: photo } = await (await shopApi.postUpload(new Blob([JPEG], { type: "image/jpeg" }))).json();
    expect((await rate({ orderNo: "SO-PH", stars: 5, images: [photo] })).status).toBe(201);
    const later = new Date(Date.now() + 2 * 86_400_000);
    await pruneUnattachedUploads({ db: testDb, store: appObjectStore(), now: later });
    expect(await testDb.upload.count({ where: { id: photo } })).toBe(1);
    const read = (actor: Awaited<ReturnType<typeof createStaff>>) =>
      readUploadForViewer({ db: testDb, store: appObjectStore(), uploadId: photo, viewer: { kind: "staff", actor } });
    expect((await read(await createStaff({ role: "qa" }))).contentType).toBe("image/jpeg");
    await expect(read(await createStaff({ role: "agent" }))).rejects.toMatchObject({ code: "upload_not_found" });
  });
});

describe("a rating's photos go to its own complaint only", () => {
  it("another complaint given a rated photo is refused (upload_in_use) and writes nothing; the low rating's complaint takes it", async () => {
    await order("SO-PH2");
    const { id: photo } = await (await shopApi.postUpload(new Blob([JPEG], { type: "image/jpeg" }))).json();
    expect((await rate({ orderNo: "SO-PH2", stars: 4, images: [photo] })).status).toBe(201);
    const before = await testDb.complaint.count();
    const taken = await shopApi.postComplaint(
      { orderNo: "SO-PH2", category: "product.quality", description: "又坏了", images: [photo] },
      { idempotencyKey: "rated-photo-1" },
    );
    expect(taken.status).toBe(409);
    expect((await taken.json()).code).toBe("upload_in_use");
    expect(await testDb.complaint.count()).toBe(before);
    expect(await testDb.upload.findUniqueOrThrow({ where: { id: photo } })).toMatchObject({ complaintId: null });

    await order("SO-PH3");
    const { id: low } = await (await shopApi.postUpload(new Blob([JPEG], { type: "image/jpeg" }))).json();
    const rated = await rate({ orderNo: "SO-PH3", stars: 1, tags: ["freshness"], images: [low] });
    const { complaintId } = await rated.json();
    expect(await testDb.upload.findUniqueOrThrow({ where: { id: low } })).toMatchObject({ complaintId });
  });
});

describe("the dashboard's ratings", () => {
  it("averages by month, region, tier and product equal the ratings' own; the drill-down lists exactly them", async () => {
    const rows: { orderNo: string; region: string; tier: "normal" | "vip"; sku: string; stars: number }[] = [];
    const regions = ["上海", "南京", "杭州"];
    for (let i = 0; i < 24; i += 1) {
      const row = {
        orderNo: `SO-D${i}`,
        region: regions[i % 3]!,
        tier: (i % 4 === 0 ? "vip" : "normal") as "normal" | "vip",
        sku: i % 2 ? "FR-MANGO-1KG" : "FR-DURIAN-1",
        stars: 1 + ((i * 7) % 5),
      };
      rows.push(row);
      await order(row.orderNo, {
        customer: { externalId: `CU-D${i}`, name: "顾客", tier: row.tier, region: row.region },
        items: [{ sku: row.sku, name: row.sku, quantity: 1, unitPrice: "25.80" }],
      });
      expect((await rate({ orderNo: row.orderNo, stars: row.stars })).status).toBe(201);
    }
    const now = new Date();
    const stats = await ratingStats({
      db: testDb,
      from: new Date(now.getTime() - 86_400_000),
      to: new Date(now.getTime() + 86_400_000),
    });
    const average = (list: typeof rows) => list.reduce((sum, r) => sum + r.stars, 0) / list.length;
    expect(stats.count).toBe(24);
    expect(stats.average).toBeCloseTo(average(rows), 10);
    expect(stats.complaints).toBe(rows.filter((r) => r.stars <= 3).length);
    for (const region of regions)
      expect(stats.byRegion.find((b) => b.key === region)?.average).toBeCloseTo(
        average(rows.filter((r) => r.region === region)),
        10,
      );
    for (const tier of ["normal", "vip"] as const)
      expect(stats.byTier.find((b) => b.key === tier)?.count).toBe(rows.filter((r) => r.tier === tier).length);
    for (const sku of ["FR-MANGO-1KG", "FR-DURIAN-1"])
      expect(stats.byProduct.find((b) => b.key === sku)?.average).toBeCloseTo(
        average(rows.filter((r) => r.sku === sku)),
        10,
      );
    expect(stats.byMonth.reduce((sum, b) => sum + b.count, 0)).toBe(24);

    const admin = await createStaff({ role: "admin" });
    const list = async (params: Record<string, string>) =>
      listRatings({ db: testDb, actor: admin, filter: parseRatingFilter(params) });
    expect((await list({ region: "南京" })).total).toBe(rows.filter((r) => r.region === "南京").length);
    expect((await list({ product: "FR-DURIAN-1", tier: "vip" })).total).toBe(
      rows.filter((r) => r.sku === "FR-DURIAN-1" && r.tier === "vip").length,
    );
    expect((await list({ low: "1" })).total).toBe(stats.complaints);
    expect((await list({ month: stats.byMonth[0]!.key })).total).toBe(stats.byMonth[0]!.count);
    // Hostile parameters are ignored, not errors.
    expect((await list({ month: "2026-13", region: "x".repeat(500), tier: "gold" })).total).toBe(24);
    const agent = await createStaff({ role: "agent" });
    await expect(listRatings({ db: testDb, actor: agent, filter: parseRatingFilter({}) })).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});
