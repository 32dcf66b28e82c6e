import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAuditLog } from "../../lib/audit/list-audit-log";
import { listRatings, parseRatingFilter } from "../../lib/ratings/list-ratings";
import { ALL_PERMISSIONS, can, STAFF_ROLES, type Permission } from "../../lib/auth/permissions";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { addInternalNote } from "../../lib/complaints/handling/add-internal-note";
import { assignComplaint } from "../../lib/complaints/handling/assign-complaint";
import { claimComplaint } from "../../lib/complaints/handling/claim-complaint";
import { closeComplaint } from "../../lib/complaints/handling/close-complaint";
import { escalateComplaint } from "../../lib/complaints/handling/escalate-complaint";
import { reopenComplaint } from "../../lib/complaints/handling/reopen-complaint";
import { replyToComplaint } from "../../lib/complaints/handling/reply-to-complaint";
import { requestInformation } from "../../lib/complaints/handling/request-information";
import { resolveComplaint } from "../../lib/complaints/handling/resolve-complaint";
import { listQueue } from "../../lib/complaints/queue/list-queue";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import { revealContact } from "../../lib/complaints/reveal-contact";
import { listCustomerH5Sessions, revokeH5Session } from "../../lib/auth/manage-h5-sessions";
import { getStaffComplaint } from "../../lib/complaints/get-staff-complaint";
import type { StaffRole } from "../../lib/generated/prisma/enums";
import { listQaReviews } from "../../lib/qa/list-qa-reviews";
import { saveChannel } from "../../lib/notify/manage-channels";
import { issuePasswordReset, listTeam } from "../../lib/staff/manage-team";
import { acknowledgeSuggestion, listSuggestions, parseSuggestionFilter } from "../../lib/suggestions/handle-suggestion";
import { getOutboxStatus } from "../../lib/outbox/outbox-status";
import { acknowledgeAlert, listAlerts } from "../../lib/alerts/manage-alerts";
import { raiseAlert } from "../../lib/alerts/raise-alert";
import { listReports } from "../../lib/reports/list-reports";
import { completeCallbackTask, listCallbackTasks } from "../../lib/surveys/callback-tasks";
import { createExperiment, listExperiments } from "../../lib/experiments/manage-experiments";
import { createPlan, listPlans } from "../../lib/plans/manage-plans";
import { markRiskContacted, riskOverview, updateRiskWarning } from "../../lib/risk/risk-warnings";
import { listRuleVersions, saveRuleVersion, saveRulesSchema } from "../../lib/triage/rule-versions";
import { parseInput } from "../../lib/validation";
import { submitQaReview } from "../../lib/qa/submit-qa-review";
import { readSetting } from "../../lib/app-settings";
import { COMPENSATION_LIMITS, updateCompensationLimits } from "../../lib/compensation/compensation-limits";
import { listSlaPolicies, updateSlaPolicies, type SlaPoliciesInput } from "../../lib/sla/sla-policies";
import { localDiskStore } from "../../lib/storage/object-store";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { readUploadForViewer, storeImages } from "../../lib/storage/uploads";
import { listCases, reviewCase } from "../../lib/knowledge/case-library";
import { saveFaqEntry } from "../../lib/knowledge/manage-faq";
import { startExport } from "../../lib/complaints/export/export-complaints";
import { loadDashboard } from "../../lib/dashboard/dashboard-data";
import { parseDashboardFilter } from "../../lib/dashboard/dashboard-filter";
import { createEnginePool } from "../../lib/workflow-engine/engine-db";
import { getWorkflowOverview } from "../../lib/workflow-engine/list-runs";
import { cancelWorkflowRun } from "../../lib/workflow-engine/run-actions";
import { fileTestComplaint, testKeyring } from "../support/complaints";
import { resetData, testDb } from "../support/db-helpers";
import { seedEngineRun } from "../support/engine-rows";
import { JPEG } from "../support/shop-api";
import { signedInSession } from "../support/h5-sessions";
import { createStaff } from "../support/staff";

/**
 * Every permission in lib/auth/permissions.ts × every role, run against the real operation.
 * The runner map is typed by the permission table, so adding a permission without a runner
 * here does not compile (and the loop below also fails at run time).
 */
const enginePool = createEnginePool(process.env.DATABASE_URL!, 2);
afterAll(async () => {
  await enginePool.end();
  await testDb.$disconnect();
});

const actors = {} as Record<StaffRole, StaffActor>;
let helper: StaffActor;
beforeAll(async () => {
  await resetData();
  for (const role of STAFF_ROLES) actors[role] = await createStaff({ role });
  helper = await createStaff({ role: "agent" });
});

const open = async () => (await fileTestComplaint()).id;
const resolved = async () => {
  const id = await open();
  await testDb.complaint.update({ where: { id }, data: { status: "resolved" } });
  return id;
};
const resolveWith = (outcome: "refund" | "coupon" | "points", amount: string) => async (actor: StaffActor) =>
  resolveComplaint({
    db: testDb,
    actor,
    complaintId: await open(),
    version: 0,
    outcome,
    note: "补偿",
    amount,
    shopRefunds: false,
    keyring: testKeyring(),
  });

async function currentPolicies(): Promise<SlaPoliciesInput> {
  const rows = await testDb.slaPolicy.findMany({
    select: {
      priority: true,
      firstResponseMinutes: true,
      resolutionPlanMinutes: true,
      warnBeforeMinutes: true,
      businessStartMinute: true,
      businessEndMinute: true,
    },
  });
  return Object.fromEntries(rows.map(({ priority, ...rest }) => [priority, rest])) as SlaPoliciesInput;
}

type Runner = (actor: StaffActor) => Promise<unknown>;
const RUNNERS: Record<Permission, Runner> = {
  "page.dashboard": (actor) => loadDashboard({ db: testDb, actor, filter: parseDashboardFilter({}).filter }),
  "complaints.export": (actor) =>
    startExport({ db: testDb, actor, filter: parseQueueFilter({}), format: "csv", keyring: testKeyring() }),
  "page.queue": (actor) => listQueue({ db: testDb, actor, filter: parseQueueFilter({}) }),
  "page.complaint": async (actor) => getStaffComplaint({ db: testDb, actor, id: await open(), keyring: testKeyring() }),
  "page.qa": (actor) => listQaReviews({ db: testDb, actor }),
  "page.audit": (actor) => listAuditLog({ db: testDb, actor, filter: {} }),
  "complaint.claim": async (actor) => claimComplaint({ db: testDb, actor, complaintId: await open(), version: 0 }),
  "complaint.assign": async (actor) =>
    assignComplaint({ db: testDb, actor, complaintId: await open(), version: 0, assigneeId: helper.id }),
  "complaint.reply": async (actor) =>
    replyToComplaint({ db: testDb, actor, complaintId: await open(), version: 0, text: "您好" }),
  "complaint.note": async (actor) =>
    addInternalNote({ db: testDb, actor, complaintId: await open(), version: 0, text: "备注" }),
  "complaint.request_info": async (actor) =>
    requestInformation({ db: testDb, actor, complaintId: await open(), version: 0, text: "请补充" }),
  "complaint.escalate": async (actor) =>
    escalateComplaint({ db: testDb, actor, complaintId: await open(), version: 0, reason: "升级" }),
  "complaint.resolve": async (actor) =>
    resolveComplaint({
      db: testDb,
      actor,
      complaintId: await open(),
      version: 0,
      outcome: "explanation",
      note: "已说明",
      shopRefunds: false,
      keyring: testKeyring(),
    }),
  "complaint.close": async (actor) => closeComplaint({ db: testDb, actor, complaintId: await open(), version: 0 }),
  "complaint.reopen": async (actor) =>
    reopenComplaint({ db: testDb, actor, complaintId: await resolved(), version: 0, reason: "重开" }),
  "complaint.photos": async (actor) => {
    const store = localDiskStore(process.env.DATA_DIR!);
    const [uploadId] = await storeImages({
      db: testDb,
      store,
      files: [{ bytes: JPEG, size: JPEG.length }],
      customerId: null,
    });
    const { orderNo } = await fileTestComplaint();
    await createComplaint({
      db: testDb,
      actor: { type: "shop" },
      input: { orderNo, category: "product.quality", description: "有图", imageIds: [uploadId!] },
      source: "api",
      keyring: testKeyring(),
    });
    return readUploadForViewer({ db: testDb, store, uploadId: uploadId!, viewer: { kind: "staff", actor } });
  },
  "contact.reveal": async (actor) =>
    revealContact({ db: testDb, actor, complaintId: await open(), keyring: testKeyring() }),
  "customer.sessions": async (actor) => {
    const { id: complaintId, orderNo } = await fileTestComplaint();
    const { session } = await signedInSession({ orderNo });
    await listCustomerH5Sessions({ db: testDb, actor, complaintId });
    return revokeH5Session({ db: testDb, actor, complaintId, sessionId: session.id });
  },
  "compensation.refund": resolveWith("refund", "1.00"),
  "compensation.coupon": resolveWith("coupon", "10"),
  "compensation.points": resolveWith("points", "100"),
  // ¥300 is over the default ¥200 per complaint: without the override permission the cap holds.
  "compensation.override_cap": async (actor) =>
    resolveComplaint({
      db: testDb,
      actor,
      complaintId: await open(),
      version: 0,
      outcome: "coupon",
      note: "补偿",
      amount: "300",
      capOverrideReason: "老客户多次受损",
      shopRefunds: false,
      keyring: testKeyring(),
    }).catch((error: { code?: string }) => {
      throw error.code?.startsWith("compensation_cap") ? { code: "forbidden" } : error;
    }),
  "settings.limits": async (actor) => {
    const { value, version } = await readSetting({ db: testDb, setting: COMPENSATION_LIMITS });
    return updateCompensationLimits({ db: testDb, actor, input: value, expectedVersion: version });
  },
  "qa.review": async (actor) =>
    submitQaReview({ db: testDb, actor, complaintId: await resolved(), checks: ["greeting"], comment: "ok" }),
  "qa.view_scores": (actor) => listQaReviews({ db: testDb, actor }),
  "audit.view": (actor) => listAuditLog({ db: testDb, actor, filter: {} }),
  "page.settings": (actor) => listSlaPolicies({ db: testDb, actor }),
  "page.outbox": (actor) => getOutboxStatus({ db: testDb, actor }),
  "page.callbacks": (actor) => listCallbackTasks({ db: testDb, actor }),
  "page.alerts": (actor) => listAlerts({ db: testDb, actor }),
  "page.reports": (actor) => listReports({ db: testDb, actor }),
  "alerts.acknowledge": async (actor) => {
    const { id } = await raiseAlert({ db: testDb, key: `matrix:${Math.random()}`, kind: "sla_breach", details: {} });
    return acknowledgeAlert({ db: testDb, actor, alertId: id });
  },
  "callbacks.complete": async (actor) => {
    const { id } = await fileTestComplaint();
    const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    const task = await testDb.callbackTask.create({
      data: { customerId, complaintId: id, reason: "churn_warning", dedupeKey: `matrix:${id}` },
    });
    return completeCallbackTask({
      db: testDb,
      actor,
      input: { taskId: task.id, outcome: "satisfied", suggestion: null },
    });
  },
  "settings.channels": (actor) =>
    saveChannel({
      db: testDb,
      actor,
      keyring: testKeyring(),
      input: {
        kind: "wecom_robot",
        name: "客服群",
        enabled: false,
        topics: ["sla_breached"],
        config: { webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=test" },
      },
    }),
  "page.team": (actor) => listTeam({ db: testDb, actor }),
  "page.rules": (actor) => listRuleVersions({ db: testDb, actor }),
  "page.experiments": (actor) => listExperiments({ db: testDb, actor }),
  "page.plans": (actor) => listPlans({ db: testDb, actor }),
  "page.risk": (actor) => riskOverview({ db: testDb, actor }),
  "risk.contact": async (actor) => {
    const order = await testDb.order.findFirstOrThrow({ select: { id: true } });
    await testDb.order.update({ where: { id: order.id }, data: { riskScore: 0.5 } });
    return markRiskContacted({ db: testDb, actor, orderId: order.id });
  },
  "risk.manage": (actor) => updateRiskWarning({ db: testDb, actor, input: { threshold: 0.3 }, expectedVersion: 0 }),
  "plans.manage": async (actor) =>
    createPlan({
      db: testDb,
      actor,
      input: {
        action: "换榴莲供应商",
        ownerId: actor.id,
        metric: "complaint_rate",
        category: "product.quality",
        windowDays: 14,
        dueDay: "2099-01-01",
      },
    }),
  "experiments.manage": async (actor) => {
    // A template of its own per call: one running experiment per template.
    const code = `matrix_${randomUUID().slice(0, 8)}`;
    await testDb.replyTemplate.create({ data: { code, title: "矩阵", body: "您好 {customerName}" } });
    return createExperiment({
      db: testDb,
      actor,
      input: {
        name: "role matrix",
        variable: "reply_template",
        target: code,
        metric: "csat",
        sharePercent: 50,
        tiers: [],
        regions: [],
        categories: [],
        minSamplePerArm: 100,
        variants: [{ bodies: { "zh-CN": "您好，{customerName}，我们马上处理。" } }],
      },
    });
  },
  "page.suggestions": (actor) => listSuggestions({ db: testDb, actor, filter: parseSuggestionFilter({}) }),
  "page.ratings": (actor) => listRatings({ db: testDb, actor, filter: parseRatingFilter({}) }),
  "suggestion.handle": async (actor) => {
    const { id } = await fileTestComplaint();
    const { customerId } = await testDb.complaint.findUniqueOrThrow({ where: { id } });
    const suggestion = await testDb.suggestion.create({
      data: { customerId, submissionId: randomUUID(), text: "希望多一些有机蔬菜", locale: "zh-CN" },
    });
    return acknowledgeSuggestion({ db: testDb, actor, suggestionId: suggestion.id });
  },
  "settings.team": async (actor) => {
    const { id } = await createStaff({ role: "agent" });
    return issuePasswordReset({ db: testDb, actor, staffId: id });
  },
  "settings.sla": async (actor) => updateSlaPolicies({ db: testDb, actor, input: await currentPolicies() }),
  "settings.rules": async (actor) =>
    saveRuleVersion({
      db: testDb,
      actor,
      input: parseInput(saveRulesSchema, {
        rules: [],
        note: "role matrix",
        basedOn: (await testDb.handlingRuleVersion.findFirstOrThrow({ orderBy: { version: "desc" } })).version,
      }),
    }),
  "page.knowledge": (actor) => listCases({ db: testDb, actor, filter: {} }),
  "knowledge.edit": (actor) =>
    saveFaqEntry({
      db: testDb,
      actor,
      input: {
        question: "能开发票吗？",
        answer: "可以，在订单详情申请电子发票。",
        categories: [],
        locale: "zh-CN",
        active: true,
      },
    }),
  "knowledge.review_cases": async (actor) => {
    const complaintId = await resolved();
    const kase = await testDb.knowledgeCase.create({
      data: {
        complaintId,
        category: "product.quality",
        summary: "芒果烂了",
        outcome: "replacement",
        resolution: "补发",
      },
    });
    return reviewCase({ db: testDb, actor, caseId: kase.id, decision: "approved" });
  },
  "page.workflows": (actor) => getWorkflowOverview({ db: testDb, actor, filter: {} }),
  "workflows.manage": async (actor) => {
    const run = await seedEngineRun({ functionId: "kesu-matrix-fn", status: "queued", withCallJob: true });
    return cancelWorkflowRun({ pool: enginePool, db: testDb, actor, runId: run.id });
  },
};

describe("role matrix", () => {
  it("has a runner for every permission", () => {
    expect(Object.keys(RUNNERS).sort()).toEqual([...ALL_PERMISSIONS].sort());
  });

  for (const permission of ALL_PERMISSIONS) {
    for (const role of STAFF_ROLES) {
      const allowed = can(role, permission);
      it(`${role} ${allowed ? "may" : "may not"} ${permission}`, async () => {
        const outcome = await RUNNERS[permission](actors[role]).then(
          () => "ok",
          (error: { code?: string }) => error.code ?? String(error),
        );
        expect(outcome).toBe(allowed ? "ok" : "forbidden");
      });
    }
  }
});
