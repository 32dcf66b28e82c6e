import { createHash, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";

/**
 * Issue 12, point 5: an H5 link is exchanged once for a revocable, scoped, short-lived session.
 * Lib functions are called directly; the route handlers and server actions run for real with
 * Next's request APIs replaced by one browser's cookie jar (`browser`).
 */
const browser = vi.hoisted(() => {
  const cookies = new Map<string, { value: string; options?: Record<string, unknown> }>();
  return {
    cookies,
    headers: new Headers({ "x-forwarded-for": "203.0.113.7", "user-agent": "Mozilla/5.0 (iPhone) KesuTest" }),
    jar: {
      get: (name: string) => (cookies.has(name) ? { name, value: cookies.get(name)!.value } : undefined),
      set: (name: string, value: string, options?: Record<string, unknown>) =>
        void cookies.set(name, { value, options }),
      delete: (arg: string | { name: string }) => void cookies.delete(typeof arg === "string" ? arg : arg.name),
    },
  };
});
vi.mock("next/headers", () => ({ cookies: async () => browser.jar, headers: async () => browser.headers }));
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
// The photo route asks for a staff session first (next-auth): nobody from staff here.
vi.mock("@/lib/auth/staff-session", () => ({ getStaffActor: async () => null }));

import { GET as enterGet, POST as enterPost } from "../../app/(h5)/h5/enter/route";
import { GET as markerGet } from "../../app/(h5)/h5/complaints/[id]/marker/route";
import { GET as fileGet } from "../../app/api/files/[id]/route";
import { claimCompensationAction, confirmAction, faqSolvedAction, surveyAction } from "../../app/(h5)/h5/actions";
import { H5_PENDING_LINK_COOKIE, H5_SESSION_COOKIE } from "../../lib/auth/h5-session";
import { postH5Complaint } from "../support/h5-api";
import {
  findH5Session,
  H5_SESSION_IDLE_MINUTES,
  newSessionSecret,
  pruneH5Sessions,
} from "../../lib/auth/h5-session-store";
import { metrics } from "../../lib/metrics/registry";
import { histogramTotals } from "../support/metrics";
import { assertOrderInScope } from "../../lib/auth/h5-scope";
import { listCustomerH5Sessions, revokeH5Session } from "../../lib/auth/manage-h5-sessions";
import { previewH5Switch } from "../../lib/auth/open-h5-link";
import { createSignedToken } from "../../lib/auth/signed-token";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { getComplaintMarker, getComplaintView, listCustomerComplaints } from "../../lib/complaints/get-complaint-view";
import { fileH5Complaint } from "../../lib/complaints/file-h5-complaint";
import { listSessionOrders } from "../../lib/orders/list-session-orders";
import { deliverNotification } from "../../lib/notify/deliver-notification";
import { saveChannel } from "../../lib/notify/manage-channels";
import { planCustomerResult } from "../../lib/notify/plan-customer-result";
import { appObjectStore } from "../../lib/storage/app-store";
import { storeCustomerPhoto } from "../../lib/storage/customer-upload";
import { readUploadForViewer } from "../../lib/storage/uploads";
import { testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { LINK_SECRET, linkToken, openLink, signedInSession } from "../support/h5-sessions";
import { JPEG, orderBody, shopApi } from "../support/shop-api";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());

const keyring = testKeyring();

const APP = "http://localhost:3999";
const MINUTE = 60_000;

async function sessionReadBatches() {
  const { sum, count } = await histogramTotals(metrics().h5SessionReadBatch);
  return { reads: sum, statements: count };
}

let customerX: string;
let customerY: string;
// Customer X (王芳) has two orders with a complaint (and a photo) each; Y (李娜) one order.
let onX1: { complaintId: string; photoId: string };
let onX2: { complaintId: string; photoId: string };

async function photoRequest() {
  const form = new FormData();
  form.append("file", new Blob([Buffer.from(JPEG)]), "photo.jpg");
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  return new Request(`${APP}/h5/uploads`, {
    method: "POST",
    headers: { "content-type": encoded.headers.get("content-type")!, "content-length": String(body.length) },
    body,
  });
}

async function complaintWithPhoto(customerId: string, orderNo: string) {
  // The files route reads from the app's store (DATA_DIR), so the photo goes there too.
  const { id: photoId } = await storeCustomerPhoto({
    db: testDb,
    store: appObjectStore(),
    customerId,
    request: await photoRequest(),
  });
  const { id: complaintId } = await fileH5Complaint({
    db: testDb,
    customerId,
    address: "203.0.113.7",
    fields: {
      orderNo,
      category: "product.quality",
      description: "芒果烂了",
      imageIds: [photoId],
      submissionId: randomUUID(),
    },
    keyring,
  });
  return { complaintId, photoId };
}

beforeEach(async () => {
  await resetData();
  browser.cookies.clear();
  await shopApi.putOrder(
    "SO-X1",
    orderBody({ customer: { externalId: "X", name: "王芳", region: "上海", phone: "13900000001" } }),
  );
  await shopApi.putOrder(
    "SO-X2",
    orderBody({ customer: { externalId: "X", name: "王芳", region: "上海", phone: "13900000001" } }),
  );
  await shopApi.putOrder(
    "SO-Y1",
    orderBody({ customer: { externalId: "Y", name: "李娜", region: "北京", phone: "13900000002" } }),
  );
  customerX = (await testDb.customer.findUniqueOrThrow({ where: { externalId: "X" } })).id;
  customerY = (await testDb.customer.findUniqueOrThrow({ where: { externalId: "Y" } })).id;
  onX1 = await complaintWithPhoto(customerX, "SO-X1");
  onX2 = await complaintWithPhoto(customerX, "SO-X2");
});

// ---- the browser ----------------------------------------------------------------------------

const enter = (token: string) =>
  enterGet(
    new Request(`${APP}/h5/enter?t=${encodeURIComponent(token)}`, {
      headers: {
        "accept-language": "en",
        "user-agent": "Mozilla/5.0 (iPhone) KesuTest",
        "x-forwarded-for": "203.0.113.7",
      },
    }),
  );
const confirmSwitch = (fields: Record<string, string>, headers: Record<string, string> = { origin: APP }) =>
  enterPost(
    new Request(`${APP}/h5/enter`, {
      method: "POST",
      headers: { "accept-language": "en", "content-type": "application/x-www-form-urlencoded", ...headers },
      body: new URLSearchParams(fields),
    }),
  );
/** A table's rows as JSON text, to search for what must not be there. */
async function dump(table: string) {
  const rows = await testDb.$queryRawUnsafe<{ j: string }[]>(`SELECT row_to_json(t)::text AS j FROM "${table}" t`);
  return rows.map((row) => row.j).join("\n");
}
const sessionCookie = () => browser.cookies.get(H5_SESSION_COOKIE)?.value;
const params = <T>(value: T) => ({ params: Promise.resolve(value) });
const marker = (complaintId: string) =>
  markerGet(new Request(`${APP}/h5/complaints/${complaintId}/marker`), params({ id: complaintId }));
const photo = (uploadId: string) => fileGet(new Request(`${APP}/api/files/${uploadId}`), params({ id: uploadId }));
const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.set(key, value);
  return data;
};

/** Opens a fresh link for the order in the test browser, through the real route. */
async function signInBrowser(orderNo: string, complaintId?: string) {
  const response = await enter(await linkToken({ orderNo, complaintId }));
  expect(response.status).toBe(303);
  return response;
}

describe("an H5 link is exchanged once for a session", () => {
  it("opens one session and lands; the same link opened again elsewhere is refused with a translated page and starts nothing", async () => {
    const token = await linkToken({ orderNo: "SO-X1" });
    const first = await enter(token);
    expect(first.status).toBe(303);
    expect(first.headers.get("location")).toBe("/h5/orders/SO-X1/new");
    expect(sessionCookie()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(browser.cookies.get(H5_SESSION_COOKIE)!.options).toMatchObject({
      httpOnly: true,
      sameSite: "lax",
      path: "/",
    });

    // The same browser tapping it again just lands (its session covers the order): no new session.
    expect((await enter(token)).headers.get("location")).toBe("/h5/orders/SO-X1/new");
    expect(await testDb.h5Session.count()).toBe(1);

    // Forwarded: another browser opens it.
    browser.cookies.clear();
    const forwarded = await enter(token);
    expect(forwarded.status).toBe(410);
    expect(await forwarded.text()).toContain(
      "This link has already been opened. To protect your privacy, please open it again from the app.",
    );
    expect(sessionCookie()).toBeUndefined();
    expect(await testDb.h5Session.count()).toBe(1);
  });

  it("lets one of several simultaneous opens of a link through", async () => {
    const token = await linkToken({ orderNo: "SO-X1" });
    const outcomes = await Promise.all(Array.from({ length: 6 }, () => openLink({ token })));
    expect(outcomes.filter((o) => o.kind === "signed_in")).toHaveLength(1);
    expect(outcomes.filter((o) => o.kind === "refused" && o.code === "link_used")).toHaveLength(5);
    expect(await testDb.h5Session.count()).toBe(1);
  });

  it("a link never opened still expires after H5_LINK_TTL_HOURS", async () => {
    const token = await linkToken({ orderNo: "SO-X1", ttlHours: 72 });
    expect(await openLink({ token, now: new Date(Date.now() + 73 * 3_600_000) })).toEqual({
      kind: "refused",
      code: "link_expired",
    });
    expect(await openLink({ token, now: new Date(Date.now() + 71 * 3_600_000) })).toMatchObject({ kind: "signed_in" });
  });

  it("keeps only the SHA-256 of the cookie's random secret; the old signed 7-day cookie signs nobody in", async () => {
    await signInBrowser("SO-X1");
    const secret = sessionCookie()!;
    const row = await testDb.h5Session.findFirstOrThrow();
    expect(row.tokenHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect((await dump("h5_sessions")) + (await dump("audit_log"))).not.toContain(secret);
    expect(row).toMatchObject({
      customerId: customerX,
      orderNos: ["SO-X1"],
      entry: "order_detail",
      network: "203.0.113.0/24",
      userAgent: "Mozilla/5.0 (iPhone) KesuTest",
    });

    const oldCookie = createSignedToken({
      payload: { c: customerX },
      purpose: "h5-session",
      expiresAt: new Date(Date.now() + 7 * 86_400_000),
      secret: LINK_SECRET(),
    });
    expect(await findH5Session({ db: testDb, secret: oldCookie })).toBeNull();
  });

  it("audits the link's issue (never its token) and the session it started", async () => {
    const response = await shopApi.postLink({ orderNo: "SO-X1", entry: "out_of_stock" });
    const { url } = await response.json();
    const token = new URL(url).searchParams.get("t")!;
    await enter(token);
    const [issued] = await testDb.auditLog.findMany({ where: { action: "h5.link_issued" } });
    expect(issued).toMatchObject({
      actorType: "shop",
      targetType: "order",
      after: {
        orderNo: "SO-X1",
        customerId: customerX,
        entry: "out_of_stock",
        via: "shop_api",
        jti: expect.any(String),
      },
    });
    const [started] = await testDb.auditLog.findMany({ where: { action: "h5.session_started" } });
    expect(started).toMatchObject({
      actorType: "customer",
      actorId: customerX,
      targetType: "h5_session",
      ip: "203.0.113.0/24",
      after: { orderNo: "SO-X1", entry: "out_of_stock", jti: (issued!.after as { jti: string }).jti },
    });
    // Neither the token nor its signature (what makes the payload a working link).
    expect(await dump("audit_log")).not.toContain(token.split(".")[1]);
  });
});

describe("sessions read together (lib/auth/h5-session-read.ts)", () => {
  it("answers each request of a shared statement with its own session, and records activity once per live one", async () => {
    const t0 = new Date(Date.now() - 5 * MINUTE);
    const x = await signedInSession({ orderNo: "SO-X1", now: t0 });
    const y = await signedInSession({ orderNo: "SO-Y1", now: t0 });
    const revoked = await signedInSession({ orderNo: "SO-X2", now: t0 });
    await testDb.h5Session.update({ where: { id: revoked.session.id }, data: { revokedAt: t0 } });
    const lastSeen = async (id: string) =>
      (await testDb.h5Session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime();

    const now = new Date();
    const before = await sessionReadBatches();
    const answers = await Promise.all(
      [x.secret, y.secret, revoked.secret, newSessionSecret(), x.secret].map((secret) =>
        findH5Session({ db: testDb, secret, now }),
      ),
    );
    const after = await sessionReadBatches();
    // Asked in one turn of the event loop, the five share one statement.
    expect(after.reads - before.reads).toBe(5);
    expect(after.statements - before.statements).toBe(1);
    expect(answers.map((a) => a && { id: a.id, customer: a.customer.name, orderNos: a.scope.orderNos })).toEqual([
      { id: x.session.id, customer: "王芳", orderNos: ["SO-X1"] },
      { id: y.session.id, customer: "李娜", orderNos: ["SO-Y1"] },
      null,
      null,
      { id: x.session.id, customer: "王芳", orderNos: ["SO-X1"] },
    ]);
    expect(answers[0]!.customer.id).toBe(customerX);
    expect(answers[1]!.customer.id).toBe(customerY);
    // Both live sessions were due (five minutes idle): recorded; the revoked one is not revived.
    expect(await lastSeen(x.session.id)).toBe(now.getTime());
    expect(await lastSeen(y.session.id)).toBe(now.getTime());
    expect(await lastSeen(revoked.session.id)).toBe(t0.getTime());
  });

  it("touches for the request that finds the session live at its own time, not for a later one in the same statement", async () => {
    const t0 = new Date(Date.now() - 40 * MINUTE);
    const { secret, session } = await signedInSession({ orderNo: "SO-X1", now: t0 });
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
    // One statement: at 29 min the session is live (and due), at 31 min it was idle since 30.
    const [live, idle] = await Promise.all([
      findH5Session({ db: testDb, secret, now: at(29) }),
      findH5Session({ db: testDb, secret, now: at(31) }),
    ]);
    expect(live?.id).toBe(session.id);
    expect(idle).toBeNull();
    expect((await testDb.h5Session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(at(29));
  });

  it("skips the touch of a session another transaction holds, and answers at once", async () => {
    const t0 = new Date(Date.now() - 5 * MINUTE);
    const { secret, session } = await signedInSession({ orderNo: "SO-X1", now: t0 });
    const holder = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM h5_sessions WHERE id = $1 FOR UPDATE", [session.id]);
      const started = Date.now();
      expect((await findH5Session({ db: testDb, secret }))?.id).toBe(session.id);
      expect(Date.now() - started).toBeLessThan(2_000);
      await holder.query("ROLLBACK");
    } finally {
      await holder.end();
    }
    expect((await testDb.h5Session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(t0);
    // The next request touches it.
    const now = new Date();
    await findH5Session({ db: testDb, secret, now });
    expect((await testDb.h5Session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt).toEqual(now);
  });
});

describe("a session's lifetime", () => {
  it("ends after 30 minutes without a request; requests keep it alive, recorded at most once a minute", async () => {
    const t0 = new Date();
    const { secret, session } = await signedInSession({ orderNo: "SO-X1", now: t0 });
    const at = (minutes: number) => new Date(t0.getTime() + minutes * MINUTE);
    const lastSeen = async () =>
      (await testDb.h5Session.findUniqueOrThrow({ where: { id: session.id } })).lastSeenAt.getTime();

    expect(await findH5Session({ db: testDb, secret, now: new Date(t0.getTime() + 10_000) })).not.toBeNull();
    expect(await lastSeen()).toBe(t0.getTime());
    // Recorded once a full minute has passed, not a millisecond before.
    expect(await findH5Session({ db: testDb, secret, now: new Date(t0.getTime() + MINUTE - 1) })).not.toBeNull();
    expect(await lastSeen()).toBe(t0.getTime());
    expect(await findH5Session({ db: testDb, secret, now: at(1) })).not.toBeNull();
    expect(await lastSeen()).toBe(at(1).getTime());
    expect(await findH5Session({ db: testDb, secret, now: at(29) })).not.toBeNull();
    expect(await lastSeen()).toBe(at(29).getTime());
    expect(await findH5Session({ db: testDb, secret, now: at(58) })).not.toBeNull();
    expect(await findH5Session({ db: testDb, secret, now: at(58 + H5_SESSION_IDLE_MINUTES) })).toBeNull();
    // Once idle, it stays over (a late request does not revive it).
    expect(await findH5Session({ db: testDb, secret, now: at(59 + H5_SESSION_IDLE_MINUTES) })).toBeNull();
  });

  it("ends 24 hours after it began however busy it is", async () => {
    const t0 = new Date();
    const { secret } = await signedInSession({ orderNo: "SO-X1", now: t0 });
    for (let minutes = 20; minutes < 24 * 60; minutes += 20)
      expect(
        await findH5Session({ db: testDb, secret, now: new Date(t0.getTime() + minutes * MINUTE) }),
        `at ${minutes} min`,
      ).not.toBeNull();
    expect(await findH5Session({ db: testDb, secret, now: new Date(t0.getTime() + 24 * 60 * MINUTE) })).toBeNull();
  });

  it("staff revoke it: its next request is signed out; revoked and audited, listed with who ended it", async () => {
    await signInBrowser("SO-X1");
    expect((await marker(onX1.complaintId)).status).toBe(200);
    const supervisor = await createStaff({ role: "supervisor" });
    const [listed] = await listCustomerH5Sessions({ db: testDb, actor: supervisor, complaintId: onX1.complaintId });
    expect(listed).toMatchObject({ state: "active", orderNos: ["SO-X1"], network: "203.0.113.0/24" });

    await revokeH5Session({ db: testDb, actor: supervisor, complaintId: onX1.complaintId, sessionId: listed!.id });
    const after = await marker(onX1.complaintId);
    expect(after.status).toBe(401);
    expect((await after.json()).code).toBe("session_required");
    expect((await photo(onX1.photoId)).status).toBe(401);
    const [revoked] = await listCustomerH5Sessions({ db: testDb, actor: supervisor, complaintId: onX1.complaintId });
    expect(revoked).toMatchObject({ state: "revoked", revokedByName: "supervisor tester" });
    const [audit] = await testDb.auditLog.findMany({ where: { action: "h5.session_revoked" } });
    expect(audit).toMatchObject({
      actorType: "staff",
      actorId: supervisor.id,
      targetType: "h5_session",
      targetId: listed!.id,
      after: { revoked: true, customerId: customerX },
    });
    await expect(
      revokeH5Session({ db: testDb, actor: supervisor, complaintId: onX1.complaintId, sessionId: listed!.id }),
    ).rejects.toMatchObject({ code: "h5_session_not_found" });
    // Another customer's session cannot be revoked from this complaint.
    const { session: ofY } = await signedInSession({ orderNo: "SO-Y1" });
    await expect(
      revokeH5Session({ db: testDb, actor: supervisor, complaintId: onX1.complaintId, sessionId: ofY.id }),
    ).rejects.toMatchObject({ code: "h5_session_not_found" });
    await expect(
      listCustomerH5Sessions({
        db: testDb,
        actor: await createStaff({ role: "agent" }),
        complaintId: onX1.complaintId,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("are pruned a month after they began, not before (their row is what refuses a used link)", async () => {
    await signedInSession({ orderNo: "SO-X1" });
    expect(await pruneH5Sessions({ db: testDb, now: new Date(Date.now() + 30 * 86_400_000) })).toEqual({ deleted: 0 });
    expect(await pruneH5Sessions({ db: testDb, now: new Date(Date.now() + 32 * 86_400_000) })).toEqual({ deleted: 1 });
  });
});

describe("a session sees only what its link was for", () => {
  it("lib: order X1's session cannot read order X2's page data, complaint, marker or photo", async () => {
    const { session } = await signedInSession({ orderNo: "SO-X1" });
    const { principal } = session;
    expect(session.scope).toEqual({ orderNos: ["SO-X1"], entry: "order_detail", complaintId: null });

    expect((await listSessionOrders({ db: testDb, principal, keyring })).map((o) => o.orderNo)).toEqual(["SO-X1"]);
    expect(() => assertOrderInScope(principal, "SO-X2")).toThrow(
      expect.objectContaining({ code: "order_out_of_scope" }),
    );
    expect((await listCustomerComplaints({ db: testDb, principal })).map((c) => c.id)).toEqual([onX1.complaintId]);
    expect(
      (await getComplaintView({ db: testDb, id: onX1.complaintId, viewer: { kind: "customer", principal } })).orderNo,
    ).toBe("SO-X1");
    await expect(
      getComplaintView({ db: testDb, id: onX2.complaintId, viewer: { kind: "customer", principal } }),
    ).rejects.toMatchObject({ code: "complaint_not_found" });
    await expect(getComplaintMarker({ db: testDb, id: onX2.complaintId, principal })).rejects.toMatchObject({
      code: "complaint_not_found",
    });
    const store = appObjectStore();
    expect(
      (
        await readUploadForViewer({
          db: testDb,
          store,
          uploadId: onX1.photoId,
          viewer: { kind: "customer", principal },
        })
      ).contentType,
    ).toBe("image/jpeg");
    await expect(
      readUploadForViewer({ db: testDb, store, uploadId: onX2.photoId, viewer: { kind: "customer", principal } }),
    ).rejects.toMatchObject({ code: "upload_not_found" });
  });

  it("an order the shop moves to another customer leaves the old customer's open sessions at once", async () => {
    const { session } = await signedInSession({ orderNo: "SO-X1" });
    const { principal } = session;
    expect((await listCustomerComplaints({ db: testDb, principal })).map((c) => c.id)).toEqual([onX1.complaintId]);
    await shopApi.putOrder(
      "SO-X1",
      orderBody({ customer: { externalId: "CU-SOMEONE-ELSE", name: "丁", region: "上海" } }),
    );
    expect(await listCustomerComplaints({ db: testDb, principal })).toEqual([]);
    await expect(
      getComplaintView({ db: testDb, id: onX1.complaintId, viewer: { kind: "customer", principal } }),
    ).rejects.toMatchObject({ code: "complaint_not_found" });
  });

  it("routes and actions: order X1's session cannot poll, see the photo of, file about, confirm, claim or rate X2's complaint", async () => {
    const expert = await createStaff({ role: "expert" });
    for (const complaintId of [onX1.complaintId, onX2.complaintId])
      await resolveComplaint({
        db: testDb,
        actor: expert,
        complaintId,
        version: 0,
        outcome: "coupon",
        note: "送券",
        amount: "10",
        shopRefunds: false,
        keyring,
      });
    const couponOf = async (complaintId: string) =>
      (await testDb.compensation.findFirstOrThrow({ where: { complaintId } })).id;
    await signInBrowser("SO-X1");

    expect((await marker(onX1.complaintId)).status).toBe(200);
    expect((await marker(onX2.complaintId)).status).toBe(404);
    expect((await photo(onX1.photoId)).status).toBe(200);
    expect((await photo(onX2.photoId)).status).toBe(404);

    const complaintsBefore = await testDb.complaint.count();
    const fileOn = (orderNo: string) =>
      postH5Complaint({
        sessionSecret: sessionCookie(),
        fields: { orderNo, category: "product.quality", description: "又烂了", submissionId: randomUUID() },
      });
    expect(await fileOn("SO-X2")).toMatchObject({
      status: 403,
      body: {
        title:
          "This link only opens the order it was sent for. Please open “Report a problem” from this order in the app.",
      },
    });
    expect(await testDb.complaint.count()).toBe(complaintsBefore);
    expect(await confirmAction({}, form({ complaintId: onX2.complaintId }))).toEqual({
      message: "We cannot find this complaint.",
    });
    expect(
      await claimCompensationAction(
        {},
        form({ complaintId: onX2.complaintId, compensationId: await couponOf(onX2.complaintId) }),
      ),
    ).toEqual({ message: "Compensation not found." });
    // The coupon of X2 named with X1's complaint id is still X2's.
    expect(
      await claimCompensationAction(
        {},
        form({ complaintId: onX1.complaintId, compensationId: await couponOf(onX2.complaintId) }),
      ),
    ).toEqual({ message: "Compensation not found." });
    expect(await surveyAction({}, form({ complaintId: onX2.complaintId, csat: "5" }))).toEqual({
      message: "We cannot find this complaint.",
    });
    expect(await faqSolvedAction({}, form({ faqId: randomUUID(), orderNo: "SO-X2" }))).toMatchObject({
      message: expect.stringContaining("only opens the order"),
    });
    const x2 = await testDb.complaint.findUniqueOrThrow({
      where: { id: onX2.complaintId },
      include: { compensations: true, surveyResponse: true },
    });
    expect(x2).toMatchObject({ status: "resolved", surveyResponse: null, compensations: [{ status: "offered" }] });

    // In scope, the same actions work.
    expect(
      await claimCompensationAction(
        {},
        form({ complaintId: onX1.complaintId, compensationId: await couponOf(onX1.complaintId) }),
      ),
    ).toEqual({ ok: true });
    expect(await confirmAction({}, form({ complaintId: onX1.complaintId }))).toEqual({ ok: true });
    expect(await fileOn("SO-X1")).toMatchObject({
      status: 201,
      body: { location: expect.stringMatching(/^\/h5\/complaints\//) },
    });
  });

  it("a link from a message about one complaint lands on it and sees its order", async () => {
    const response = await signInBrowser("SO-X2", onX2.complaintId);
    expect(response.headers.get("location")).toBe(`/h5/complaints/${onX2.complaintId}`);
    expect((await marker(onX2.complaintId)).status).toBe(200);
    expect((await marker(onX1.complaintId)).status).toBe(404);
    // A complaint on another order of the same customer is not a valid target for that order's link.
    expect(
      await openLink({ token: await linkToken({ orderNo: "SO-X2", complaintId: onX2.complaintId }) }),
    ).toMatchObject({ kind: "signed_in" });
    await expect(linkToken({ orderNo: "SO-X1", complaintId: onX2.complaintId })).rejects.toMatchObject({
      code: "complaint_not_found",
    });
  });

  it("the same customer's link for another order: one new session for both orders, the old one superseded", async () => {
    await signInBrowser("SO-X1");
    const before = sessionCookie()!;
    await signInBrowser("SO-X2");
    expect(sessionCookie()).not.toBe(before);
    expect(await findH5Session({ db: testDb, secret: before })).toBeNull();
    const session = await findH5Session({ db: testDb, secret: sessionCookie() });
    expect(session!.scope.orderNos).toEqual(["SO-X2", "SO-X1"]);
    expect((await marker(onX1.complaintId)).status).toBe(200);
    expect((await marker(onX2.complaintId)).status).toBe(200);
    const supervisor = await createStaff({ role: "supervisor" });
    expect(
      (await listCustomerH5Sessions({ db: testDb, actor: supervisor, complaintId: onX1.complaintId })).map(
        (s) => s.state,
      ),
    ).toEqual(["active", "superseded"]);
  });
});

describe("opening a link while another customer is signed in", () => {
  it("a GET does not switch: it asks, and only a same-origin POST naming that link does", async () => {
    await signInBrowser("SO-X1");
    const asX = sessionCookie()!;
    const tokenForY = await linkToken({ orderNo: "SO-Y1" });

    const asked = await enter(tokenForY);
    expect(asked.status).toBe(303);
    expect(asked.headers.get("location")).toBe("/h5/switch");
    expect(sessionCookie()).toBe(asX);
    expect(browser.cookies.get(H5_PENDING_LINK_COOKIE)).toMatchObject({
      value: tokenForY,
      options: { httpOnly: true, sameSite: "lax", path: "/h5" },
    });
    expect(await testDb.h5Session.count({ where: { customerId: customerY } })).toBe(0);
    expect((await marker(onX1.complaintId)).status).toBe(200);

    // What the page asks: both names masked, and the link's jti for its form.
    const preview = await previewH5Switch({
      db: testDb,
      token: tokenForY,
      secret: LINK_SECRET(),
      current: await findH5Session({ db: testDb, secret: asX }),
    });
    expect(preview).toMatchObject({ ok: true, orderNo: "SO-Y1", linkCustomer: "李*", currentCustomer: "王*" });
    const jti = preview.ok ? preview.jti : "";

    // A page elsewhere posting the form (login CSRF), or a post without an origin: refused, nothing changes.
    expect((await confirmSwitch({ decision: "continue", jti }, { origin: "https://evil.example" })).status).toBe(403);
    browser.jar.set(H5_PENDING_LINK_COOKIE, tokenForY);
    expect((await confirmSwitch({ decision: "continue", jti }, {})).status).toBe(403);
    // A form showing another pending link.
    browser.jar.set(H5_PENDING_LINK_COOKIE, tokenForY);
    expect((await confirmSwitch({ decision: "continue", jti: "A".repeat(22) })).status).toBe(400);
    expect(sessionCookie()).toBe(asX);
    expect(await testDb.h5Session.count({ where: { customerId: customerY } })).toBe(0);

    // The customer confirms.
    browser.jar.set(H5_PENDING_LINK_COOKIE, tokenForY);
    const switched = await confirmSwitch({ decision: "continue", jti });
    expect(switched.status).toBe(303);
    expect(switched.headers.get("location")).toBe("/h5/orders/SO-Y1/new");
    expect(browser.cookies.has(H5_PENDING_LINK_COOKIE)).toBe(false);
    const asY = await findH5Session({ db: testDb, secret: sessionCookie() });
    expect(asY).toMatchObject({ customer: { id: customerY }, scope: { orderNos: ["SO-Y1"] } });
    expect(await findH5Session({ db: testDb, secret: asX })).toBeNull();
    expect((await testDb.h5Session.findFirstOrThrow({ where: { customerId: customerX } })).revokedReason).toBe(
      "switched",
    );
    expect((await marker(onX1.complaintId)).status).toBe(404);
    const [started] = await testDb.auditLog.findMany({ where: { action: "h5.session_started", actorId: customerY } });
    expect(started!.after).toMatchObject({ replacedBecause: "switched" });
  });

  it("“stay” keeps the signed-in customer and drops the pending link", async () => {
    await signInBrowser("SO-X1");
    const asX = sessionCookie()!;
    const tokenForY = await linkToken({ orderNo: "SO-Y1" });
    await enter(tokenForY);
    const stayed = await confirmSwitch({ decision: "stay" });
    expect(stayed.headers.get("location")).toBe("/h5");
    expect(sessionCookie()).toBe(asX);
    expect(browser.cookies.has(H5_PENDING_LINK_COOKIE)).toBe(false);
    expect(await findH5Session({ db: testDb, secret: asX })).not.toBeNull();
    // The link was not used: Y can still open it in their own browser.
    browser.cookies.clear();
    expect((await enter(tokenForY)).status).toBe(303);
  });

  it("a used link is refused before any question is asked", async () => {
    const tokenForY = await linkToken({ orderNo: "SO-Y1" });
    await openLink({ token: tokenForY });
    await signInBrowser("SO-X1");
    expect((await enter(tokenForY)).status).toBe(410);
    expect(browser.cookies.has(H5_PENDING_LINK_COOKIE)).toBe(false);
  });
});

describe("links in SMS and push are never stored or logged in clear", () => {
  it("the stored delivery has a placeholder; the link is signed at send time, audited, and the log driver redacts its token", async () => {
    const admin = await createStaff({ role: "admin" });
    await saveChannel({
      db: testDb,
      actor: admin,
      keyring,
      input: { kind: "sms", name: "短信", enabled: true, topics: ["complaint_result"], config: { driver: "log" } },
    });
    const [planned] = await planCustomerResult({
      db: testDb,
      complaintId: onX1.complaintId,
      sourceEventId: "result-1",
      keyring,
    });
    const stored = await testDb.notificationDelivery.findUniqueOrThrow({ where: { id: planned!.id } });
    expect(stored.body).toContain("{h5_link}");
    expect(stored.body).not.toMatch(/h5\/enter|[?&]t=/);

    const logged: string[] = [];
    const info = vi.spyOn(console, "info").mockImplementation((line: string) => void logged.push(line));
    try {
      expect(await deliverNotification({ db: testDb, deliveryId: planned!.id, keyring })).toEqual({ status: "sent" });
    } finally {
      info.mockRestore();
    }
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/http:\/\/localhost:3999\/h5\/enter\?t=\[redacted\]/);
    expect(logged[0]).not.toMatch(/t=(?!\[redacted\])/);
    const [issued] = await testDb.auditLog.findMany({ where: { action: "h5.link_issued" } });
    expect(issued).toMatchObject({
      actorType: "system",
      after: { orderNo: "SO-X1", complaintId: onX1.complaintId, via: "sms", jti: expect.any(String) },
    });
  });

  it("what is sent opens the complaint; no table holds the token", async () => {
    const admin = await createStaff({ role: "admin" });
    await saveChannel({
      db: testDb,
      actor: admin,
      keyring,
      input: {
        kind: "sms",
        name: "短信",
        enabled: true,
        topics: ["complaint_result"],
        config: { driver: "http", url: "http://127.0.0.1:9/sms" },
      },
    });
    const [planned] = await planCustomerResult({
      db: testDb,
      complaintId: onX1.complaintId,
      sourceEventId: "result-2",
      keyring,
    });
    const sent: string[] = [];
    await deliverNotification({
      db: testDb,
      deliveryId: planned!.id,
      keyring,
      send: async ({ message }) => (sent.push(message.text), { ok: true }),
    });
    const token = new URL(/https?:\/\/\S+/.exec(sent[0]!)![0]).searchParams.get("t")!;
    const tables = await testDb.$queryRawUnsafe<{ table_name: string }[]>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { table_name } of tables) expect(await dump(table_name), table_name).not.toContain(token.split(".")[1]!);
    expect(await enter(token)).toMatchObject({ status: 303 });
    expect(browser.cookies.has(H5_SESSION_COOKIE)).toBe(true);
  });
});
