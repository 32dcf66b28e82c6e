import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assertComplaintInScope,
  assertCompensationInScope,
  assertOrderInScope,
  type H5Principal,
} from "../../lib/auth/h5-scope";
import { listCustomerH5Sessions, revokeH5Session } from "../../lib/auth/manage-h5-sessions";
import { STAFF_ROLES, can, seesAllGroups, type Permission } from "../../lib/auth/permissions";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { answerInformationRequest } from "../../lib/complaints/customer/answer-information-request";
import { claimCompensation } from "../../lib/complaints/customer/claim-compensation";
import { confirmResolution } from "../../lib/complaints/customer/confirm-resolution";
import { rejectResolution } from "../../lib/complaints/customer/reject-resolution";
import { getOrderRating } from "../../lib/ratings/get-order-rating";
import { submitRating } from "../../lib/ratings/submit-rating";
import { submitSuggestion } from "../../lib/suggestions/submit-suggestion";
import { fileH5Complaint } from "../../lib/complaints/file-h5-complaint";
import { getComplaintMarker, getComplaintView } from "../../lib/complaints/get-complaint-view";
import { getStaffComplaint } from "../../lib/complaints/get-staff-complaint";
import { addInternalNote } from "../../lib/complaints/handling/add-internal-note";
import { assignComplaint } from "../../lib/complaints/handling/assign-complaint";
import { claimComplaint } from "../../lib/complaints/handling/claim-complaint";
import { closeComplaint } from "../../lib/complaints/handling/close-complaint";
import { escalateComplaint } from "../../lib/complaints/handling/escalate-complaint";
import { reopenComplaint } from "../../lib/complaints/handling/reopen-complaint";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { requestInformation } from "../../lib/complaints/handling/request-information";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { revealContact } from "../../lib/complaints/reveal-contact";
import type { StaffRole } from "../../lib/generated/prisma/enums";
import { getCustomerOrder } from "../../lib/orders/get-customer-order";
import { submitQaReview } from "../../lib/qa/submit-qa-review";
import { localDiskStore } from "../../lib/storage/object-store";
import { readUploadForViewer, storeImages } from "../../lib/storage/uploads";
import { submitSurvey } from "../../lib/surveys/submit-survey";
import { actionEntries, pageEntries, routeEntries, type Access } from "../support/access-map";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { JPEG } from "../support/shop-api";
import { createStaff } from "../support/staff";

/**
 * "Another group" and "another customer" for every entry point the access map marks as working
 * on one complaint, order or photo, run against the lib operation the entry point calls after its
 * guard (tests/integration/access-guards.test.ts proves the guard comes first). The runners are
 * keyed by the map's entries: a new scoped entry point without a runner here fails the suite.
 *
 * Each refusal is checked two ways: the exact "does not exist" error (never forbidden, never a
 * state error that would mean the scope was passed), and nothing about the complaint changed.
 * Each runner is also run once by someone in scope, who must get past the scope — so a runner
 * that fails for its own reasons cannot pass as a refusal.
 */

const key = (kind: "route" | "action" | "page", file: string, name: string) =>
  `${kind} ${file}${name ? `#${name}` : ""}`;
const scoped = (kind: "route" | "action" | "page", entries: { file: string; name: string; access: Access }[]) =>
  entries.map((e) => ({ ...e, key: key(kind, e.file, e.name) }));
const ENTRIES = [
  ...scoped(
    "route",
    routeEntries().map((e) => ({ ...e, name: e.method })),
  ),
  ...scoped("action", actionEntries()),
  ...scoped(
    "page",
    pageEntries().map((e) => ({ ...e, name: "" })),
  ),
];
const STAFF_SCOPED = ENTRIES.filter(
  (e) => (e.access.who === "staff" && e.access.scope === "complaint") || e.access.who === "staff_or_h5",
);
const H5_SCOPED = ENTRIES.filter(
  (e) => (e.access.who === "h5" && e.access.scope !== "session") || e.access.who === "staff_or_h5",
);

type Target = { complaintId: string; orderNo: string; customerId: string; uploadId: string; compensationId: string };
const store = () => localDiskStore(process.env.DATA_DIR!);

/** A complaint on a fresh order in the product group, in the status the operation starts from, with a photo and an offered coupon. */
async function target(status: "new" | "processing" | "waiting_customer" | "resolved" = "new"): Promise<Target> {
  const { orderNo } = await fileTestComplaint();
  const [uploadId] = await storeImages({
    db: testDb,
    store: store(),
    files: [{ bytes: JPEG, size: JPEG.length }],
    customerId: null,
  });
  const { complaint } = await createComplaint({
    db: testDb,
    actor: { type: "shop" },
    input: { orderNo, category: "product.quality", description: "芒果坏了，有照片", imageIds: [uploadId!] },
    source: "api",
    keyring: testKeyring(),
  });
  const { orderId, customerId } = await testDb.complaint.update({
    where: { id: complaint.id },
    data: { status },
    select: { orderId: true, customerId: true },
  });
  const compensation = await testDb.compensation.create({
    data: {
      complaintId: complaint.id,
      orderId,
      type: "coupon",
      amount: "10",
      status: "offered",
      idempotencyKey: `scope:${complaint.id}`,
      validUntil: new Date(Date.now() + 86_400_000),
    },
  });
  return { complaintId: complaint.id, orderNo, customerId, uploadId: uploadId!, compensationId: compensation.id };
}

/** Everything a refused call could have changed about the complaint. */
async function snapshot(complaintId: string) {
  const complaint = await testDb.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: { status: true, version: true, assigneeId: true, escalationLevel: true, updatedAt: true },
  });
  const [events, compensations, qaReviews, audit] = await Promise.all([
    testDb.complaintEvent.count({ where: { complaintId } }),
    testDb.compensation.findMany({
      where: { complaintId },
      select: { id: true, status: true },
      orderBy: { id: "asc" },
    }),
    testDb.qaReview.count({ where: { complaintId } }),
    testDb.auditLog.count(),
  ]);
  return { complaint, events, compensations, qaReviews, audit };
}

const outcome = (promise: Promise<unknown>) =>
  promise.then(
    () => "ok",
    (error: { code?: string }) => error.code ?? String(error),
  );

// ---- staff: another group ---------------------------------------------------------------------

type StaffRunner = {
  permission: Permission;
  status?: Parameters<typeof target>[0];
  run: (actor: StaffActor, t: Target) => Promise<unknown>;
  refusal?: string;
};
const keyring = testKeyring();
let helper: StaffActor;

const STAFF_RUNNERS: Record<string, StaffRunner> = {
  "page app/(admin)/admin/(workspace)/complaints/[id]/page.tsx": {
    permission: "page.complaint",
    run: async (actor, t) => {
      await getStaffComplaint({ db: testDb, actor, id: t.complaintId, keyring });
      // The page also lists the customer's H5 sessions for roles that may see them.
      if (can(actor.role, "customer.sessions"))
        await listCustomerH5Sessions({ db: testDb, actor, complaintId: t.complaintId });
    },
  },
  "route app/api/files/[id]/route.ts#GET": {
    permission: "complaint.photos",
    refusal: "upload_not_found",
    run: (actor, t) =>
      readUploadForViewer({ db: testDb, store: store(), uploadId: t.uploadId, viewer: { kind: "staff", actor } }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#claimAction": {
    permission: "complaint.claim",
    run: (actor, t) => claimComplaint({ db: testDb, actor, complaintId: t.complaintId, version: 0 }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#assignAction": {
    permission: "complaint.assign",
    run: (actor, t) =>
      assignComplaint({ db: testDb, actor, complaintId: t.complaintId, version: 0, assigneeId: helper.id }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#replyAction": {
    permission: "complaint.reply",
    run: (actor, t) => replyToComplaint({ db: testDb, actor, complaintId: t.complaintId, version: 0, text: "您好" }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#noteAction": {
    permission: "complaint.note",
    run: (actor, t) => addInternalNote({ db: testDb, actor, complaintId: t.complaintId, version: 0, text: "备注" }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#requestInfoAction": {
    permission: "complaint.request_info",
    run: (actor, t) =>
      requestInformation({ db: testDb, actor, complaintId: t.complaintId, version: 0, text: "请补充照片" }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#escalateAction": {
    permission: "complaint.escalate",
    run: (actor, t) => escalateComplaint({ db: testDb, actor, complaintId: t.complaintId, version: 0, reason: "升级" }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#resolveAction": {
    permission: "complaint.resolve",
    run: (actor, t) =>
      resolveComplaint({
        db: testDb,
        actor,
        complaintId: t.complaintId,
        version: 0,
        outcome: "coupon",
        note: "补偿",
        amount: "10",
        shopRefunds: false,
        keyring,
      }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#closeAction": {
    permission: "complaint.close",
    status: "resolved",
    run: (actor, t) => closeComplaint({ db: testDb, actor, complaintId: t.complaintId, version: 0 }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#reopenAction": {
    permission: "complaint.reopen",
    status: "resolved",
    run: (actor, t) =>
      reopenComplaint({ db: testDb, actor, complaintId: t.complaintId, version: 0, reason: "客户不满意" }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#qaReviewAction": {
    permission: "qa.review",
    status: "resolved",
    run: (actor, t) =>
      submitQaReview({ db: testDb, actor, complaintId: t.complaintId, checks: ["greeting"], comment: "ok" }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#revealContactAction": {
    permission: "contact.reveal",
    run: (actor, t) => revealContact({ db: testDb, actor, complaintId: t.complaintId, keyring }),
  },
  "action app/(admin)/admin/(workspace)/complaints/[id]/actions.ts#revokeH5SessionAction": {
    permission: "customer.sessions",
    run: (actor, t) =>
      revokeH5Session({
        db: testDb,
        actor,
        complaintId: t.complaintId,
        sessionId: "00000000-0000-4000-8000-000000000000",
      }),
  },
};

// ---- H5: another customer, and the same customer through a session for another order -----------

type H5Runner = {
  /** The entry point's scope check with the session's principal, then its lib call — as the entry point does. */
  run: (principal: H5Principal, t: Target) => Promise<unknown>;
  /** The lib call alone with another customer's id: refused on its own too, where it takes a customer id. */
  lib?: (customerId: string, t: Target) => Promise<unknown>;
  status?: Parameters<typeof target>[0];
  refusal: string[];
};
const NOT_FOUND = ["complaint_not_found"];

const H5_RUNNERS: Record<string, H5Runner> = {
  "route app/(h5)/h5/complaints/[id]/marker/route.ts#GET": {
    refusal: NOT_FOUND,
    run: (principal, t) => getComplaintMarker({ db: testDb, id: t.complaintId, principal }),
  },
  "route app/api/files/[id]/route.ts#GET": {
    refusal: ["upload_not_found"],
    run: (principal, t) =>
      readUploadForViewer({
        db: testDb,
        store: store(),
        uploadId: t.uploadId,
        viewer: { kind: "customer", principal },
      }),
  },
  "page app/(h5)/h5/complaints/[id]/page.tsx": {
    refusal: NOT_FOUND,
    run: (principal, t) => getComplaintView({ db: testDb, id: t.complaintId, viewer: { kind: "customer", principal } }),
  },
  "page app/(h5)/h5/orders/[orderNo]/new/page.tsx": {
    // Someone else's order reads "not yours"; the customer's own outside the session, "out of scope".
    refusal: ["order_not_owned", "order_out_of_scope"],
    run: async (principal, t) => {
      await getCustomerOrder({ db: testDb, customerId: principal.customerId, orderNo: t.orderNo, keyring });
      assertOrderInScope(principal, t.orderNo);
    },
    lib: (customerId, t) => getCustomerOrder({ db: testDb, customerId, orderNo: t.orderNo, keyring }),
  },
  "route pages/api/h5/complaints.ts#POST": {
    refusal: ["order_out_of_scope", "order_not_owned"],
    run: async (principal, t) => {
      assertOrderInScope(principal, t.orderNo);
      await fileH5Complaint({
        db: testDb,
        customerId: principal.customerId,
        address: "203.0.113.9",
        fields: {
          orderNo: t.orderNo,
          category: "product.quality",
          description: "又坏了",
          imageIds: [],
          submissionId: crypto.randomUUID(),
        },
        keyring,
      });
    },
    lib: (customerId, t) =>
      fileH5Complaint({
        db: testDb,
        customerId,
        address: "203.0.113.9",
        fields: {
          orderNo: t.orderNo,
          category: "product.quality",
          description: "又坏了",
          imageIds: [],
          submissionId: crypto.randomUUID(),
        },
        keyring,
      }),
  },
  "page app/(h5)/h5/orders/[orderNo]/rate/page.tsx": {
    refusal: ["order_out_of_scope", "order_not_found"],
    run: (principal, t) => getOrderRating({ db: testDb, principal, orderNo: t.orderNo }),
  },
  "action app/(h5)/h5/actions.ts#submitRatingAction": {
    refusal: ["order_out_of_scope", "order_not_owned"],
    run: async (principal, t) => {
      assertOrderInScope(principal, t.orderNo);
      await submitRating({
        db: testDb,
        actor: { type: "customer", customerId: principal.customerId },
        input: { orderNo: t.orderNo, stars: 5, tags: [], text: "", imageIds: [] },
        locale: "zh-CN",
        source: "h5",
        idempotency: { key: `h5:${principal.customerId}:${crypto.randomUUID()}`, requestHash: "x" },
        keyring,
      });
    },
    lib: (customerId, t) =>
      submitRating({
        db: testDb,
        actor: { type: "customer", customerId },
        input: { orderNo: t.orderNo, stars: 5, tags: [], text: "", imageIds: [] },
        locale: "zh-CN",
        source: "h5",
        idempotency: { key: `h5:${customerId}:${crypto.randomUUID()}`, requestHash: "x" },
        keyring,
      }),
  },
  "action app/(h5)/h5/actions.ts#submitSuggestionAction": {
    refusal: ["order_out_of_scope", "order_not_found"],
    run: async (principal, t) => {
      assertOrderInScope(principal, t.orderNo);
      await submitSuggestion({
        db: testDb,
        customerId: principal.customerId,
        locale: "zh-CN",
        input: { text: "希望多一些有机蔬菜", orderNo: t.orderNo, submissionId: crypto.randomUUID() },
      });
    },
    lib: (customerId, t) =>
      submitSuggestion({
        db: testDb,
        customerId,
        locale: "zh-CN",
        input: { text: "希望多一些有机蔬菜", orderNo: t.orderNo, submissionId: crypto.randomUUID() },
      }),
  },
  "action app/(h5)/h5/actions.ts#answerAction": {
    status: "waiting_customer",
    refusal: NOT_FOUND,
    run: async (principal, t) => {
      await assertComplaintInScope({ db: testDb, principal, complaintId: t.complaintId });
      await answerInformationRequest({
        db: testDb,
        customerId: principal.customerId,
        complaintId: t.complaintId,
        text: "补充说明",
      });
    },
    lib: (customerId, t) =>
      answerInformationRequest({ db: testDb, customerId, complaintId: t.complaintId, text: "补充说明" }),
  },
  "action app/(h5)/h5/actions.ts#confirmAction": {
    status: "resolved",
    refusal: NOT_FOUND,
    run: async (principal, t) => {
      await assertComplaintInScope({ db: testDb, principal, complaintId: t.complaintId });
      await confirmResolution({ db: testDb, customerId: principal.customerId, complaintId: t.complaintId });
    },
    lib: (customerId, t) => confirmResolution({ db: testDb, customerId, complaintId: t.complaintId }),
  },
  "action app/(h5)/h5/actions.ts#rejectAction": {
    status: "resolved",
    refusal: NOT_FOUND,
    run: async (principal, t) => {
      await assertComplaintInScope({ db: testDb, principal, complaintId: t.complaintId });
      await rejectResolution({
        db: testDb,
        customerId: principal.customerId,
        complaintId: t.complaintId,
        reason: "不满意",
      });
    },
    lib: (customerId, t) => rejectResolution({ db: testDb, customerId, complaintId: t.complaintId, reason: "不满意" }),
  },
  "action app/(h5)/h5/actions.ts#claimCompensationAction": {
    refusal: ["compensation_not_found"],
    run: async (principal, t) => {
      await assertCompensationInScope({
        db: testDb,
        principal,
        compensationId: t.compensationId,
        complaintId: t.complaintId,
      });
      await claimCompensation({ db: testDb, customerId: principal.customerId, compensationId: t.compensationId });
    },
    lib: (customerId, t) => claimCompensation({ db: testDb, customerId, compensationId: t.compensationId }),
  },
  "action app/(h5)/h5/actions.ts#surveyAction": {
    status: "resolved",
    refusal: NOT_FOUND,
    run: async (principal, t) => {
      await assertComplaintInScope({ db: testDb, principal, complaintId: t.complaintId });
      await submitSurvey({
        db: testDb,
        customerId: principal.customerId,
        input: { complaintId: t.complaintId, csat: 1, comment: "" },
      });
    },
    lib: (customerId, t) =>
      submitSurvey({ db: testDb, customerId, input: { complaintId: t.complaintId, csat: 1, comment: "" } }),
  },
  // Only the order is in play (the FAQ entry is everyone's): recorded against an order only in scope.
  "action app/(h5)/h5/actions.ts#faqSolvedAction": {
    refusal: ["order_out_of_scope"],
    run: async (principal, t) => assertOrderInScope(principal, t.orderNo),
  },
};

beforeAll(async () => {
  await resetData();
  helper = await createStaff({ role: "agent" });
});
afterAll(async () => {
  await testDb.$disconnect();
});

describe("access scope: every complaint-scoped entry point has its runners", () => {
  it("staff: another group", () => {
    expect(Object.keys(STAFF_RUNNERS).sort()).toEqual(STAFF_SCOPED.map((e) => e.key).sort());
    for (const entry of STAFF_SCOPED)
      expect(STAFF_RUNNERS[entry.key]!.permission).toBe(
        "permission" in entry.access ? entry.access.permission : undefined,
      );
  });
  it("H5: another customer", () => {
    expect(Object.keys(H5_RUNNERS).sort()).toEqual(H5_SCOPED.map((e) => e.key).sort());
  });
});

// Roles that see every group have no "other group"; roles without the permission are refused
// before any scope (tests/integration/role-matrix.test.ts).
const GROUP_SCOPED_ROLES = STAFF_ROLES.filter((role) => !seesAllGroups(role));

describe("a staff member whose groups do not include the complaint's gets 'not found' and changes nothing", () => {
  const outsiders = {} as Record<StaffRole, StaffActor>;
  const insiders = {} as Record<StaffRole, StaffActor>;
  beforeAll(async () => {
    for (const role of GROUP_SCOPED_ROLES) {
      outsiders[role] = await createStaff({ role, groupCodes: ["service"] });
      insiders[role] = await createStaff({ role, groupCodes: ["product"] });
    }
  });

  for (const [entry, runner] of Object.entries(STAFF_RUNNERS)) {
    const roles = GROUP_SCOPED_ROLES.filter((role) => can(role, runner.permission));
    // The runner is ready: the test runs by itself once an agent or expert is given this permission.
    if (roles.length === 0) {
      // Only roles that see every group hold it today: there is no "staff of another group" to
      // try, and that is itself what is checked (it fails the day an agent or expert gets it
      // without passing through the loop below).
      it(`${entry}: held only by roles that see every group`, () => {
        const holders = STAFF_ROLES.filter((role) => can(role, runner.permission));
        expect(holders.length).toBeGreaterThan(0);
        expect(holders.every((role) => seesAllGroups(role))).toBe(true);
      });
    }
    for (const role of roles) {
      it(`${role}: ${entry}`, async () => {
        const t = await target(runner.status);
        const before = await snapshot(t.complaintId);
        expect(await outcome(runner.run(outsiders[role], t))).toBe(runner.refusal ?? "complaint_not_found");
        expect(await snapshot(t.complaintId)).toEqual(before);
        // In the complaint's group the same call gets past the scope.
        const inScope = await target(runner.status);
        expect(await outcome(runner.run(insiders[role], inScope))).not.toBe(runner.refusal ?? "complaint_not_found");
      });
    }
  }

  it("an outsider to whom the complaint is assigned sees it (assignment widens the scope, by design)", async () => {
    const t = await target();
    await testDb.complaint.update({ where: { id: t.complaintId }, data: { assigneeId: outsiders.agent.id } });
    expect(await outcome(getStaffComplaint({ db: testDb, actor: outsiders.agent, id: t.complaintId, keyring }))).toBe(
      "ok",
    );
  });
});

describe("a second H5 customer — or the same customer through a session for another order — gets 'not found' and changes nothing", () => {
  for (const [entry, runner] of Object.entries(H5_RUNNERS)) {
    it(entry, async () => {
      const t = await target(runner.status);
      const other = await fileTestComplaint();
      const stranger: H5Principal = {
        customerId: (await testDb.order.findUniqueOrThrow({ where: { orderNo: other.orderNo } })).customerId,
        orderNos: [other.orderNo],
      };
      // The same customer's second order, and a session opened for that one only.
      const sibling = await fileTestComplaint({
        customerExternalId: (await testDb.customer.findUniqueOrThrow({ where: { id: t.customerId } })).externalId,
      });
      const elsewhere: H5Principal = { customerId: t.customerId, orderNos: [sibling.orderNo] };
      const before = await snapshot(t.complaintId);

      expect(runner.refusal).toContain(await outcome(runner.run(stranger, t)));
      expect(runner.refusal).toContain(await outcome(runner.run(elsewhere, t)));
      if (runner.lib) expect(runner.refusal).toContain(await outcome(runner.lib(stranger.customerId, t)));
      expect(await snapshot(t.complaintId)).toEqual(before);

      // The owner, through a session for this order, gets past the scope.
      const owner: H5Principal = { customerId: t.customerId, orderNos: [t.orderNo] };
      expect(runner.refusal).not.toContain(await outcome(runner.run(owner, t)));
    });
  }
});
