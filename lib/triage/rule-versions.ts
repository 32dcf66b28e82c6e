import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { isCategory } from "../complaints/vocabulary/taxonomy";
import { activeTemplateTitles } from "../complaints/reply-templates";
import type { Keyring } from "../crypto/field-encryption";
import { decimalToFen } from "../money";
import { orderAmountFen, STORED_AMOUNT } from "../orders/order-amount";
import {
  autoResolutionFor,
  firedRules,
  HISTORY_DAYS,
  ruleSetSchema,
  storedRuleSet,
  type HandlingRule,
  type RuleFacts,
} from "./handling-rules";

/** The version in force: the highest activated one (as intake reads it, lib/complaints/intake-statement.ts). */
function activeVersion(db: Pick<Db, "handlingRuleVersion">) {
  return db.handlingRuleVersion.findFirst({
    where: { activatedAt: { not: null } },
    orderBy: { version: "desc" },
    select: { version: true },
  });
}

/** The rules of the version in force, parsed (what intake applies; experiments vary its offers). */
export async function ruleSetInForce({ db }: { db: Pick<Db, "handlingRuleVersion"> }) {
  return storedRuleSet(
    await db.handlingRuleVersion.findFirst({
      where: { activatedAt: { not: null } },
      orderBy: { version: "desc" },
      select: { version: true, rules: true },
    }),
  );
}

export const saveRulesSchema = z.object({
  rules: ruleSetSchema,
  // Why this version: shown in the version history and the audit log.
  note: z.string().trim().min(1).max(200),
  // The version in force the editor started from: saving over a colleague's newer one is refused.
  basedOn: z.number().int().min(0),
});

/**
 * Saves the rules as a new version and puts it in force at once (the highest activated version is
 * the one intake reads; numbers are given out under a lock, so the newest is the highest, whatever
 * the clocks of several app instances say). Complaints filed before keep the handling they had:
 * their timeline names the version. Refused (stale_settings) when the version in force is no
 * longer the one the editor started from. Audited with the version replaced and the rules.
 */
export async function saveRuleVersion({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  input: z.output<typeof saveRulesSchema>;
  now?: Date;
}) {
  assertCan(actor, "settings.rules");
  return db.$transaction((tx) => activateRuleVersion({ tx, actor, input, now }));
}

/** saveRuleVersion inside a transaction the caller holds (shipping a compensation experiment's winner). */
export async function activateRuleVersion({
  tx,
  actor,
  input,
  now,
}: {
  tx: Prisma.TransactionClient;
  actor: StaffActor;
  input: z.output<typeof saveRulesSchema>;
  now: Date;
}) {
  assertCan(actor, "settings.rules");
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kesu:handling-rules'))`;
  const latest = await tx.handlingRuleVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
  const active = await activeVersion(tx);
  if ((active?.version ?? 0) !== input.basedOn) throw new AppError("stale_settings");
  await assertTargetsExist({ tx, rules: input.rules });
  const version = (latest?.version ?? 0) + 1;
  const rules = input.rules as unknown as Prisma.InputJsonValue;
  await tx.handlingRuleVersion.create({
    data: { version, rules, note: input.note, createdById: actor.id, createdAt: now, activatedAt: now },
  });
  await recordAudit({
    db: tx,
    entry: {
      actor: { type: "staff", id: actor.id, label: actor.email },
      action: "rules.version_activated",
      target: { type: "handling_rules", id: String(version) },
      before: { version: active?.version ?? null },
      after: { version, note: input.note, rules },
    },
  });
  return { version };
}

/** A rule may route only to a group that exists and reply only with a template in use: refused by row otherwise. */
async function assertTargetsExist({ tx, rules }: { tx: Prisma.TransactionClient; rules: HandlingRule[] }) {
  const [groups, templates] = await Promise.all([
    tx.handlingGroup.findMany({ select: { code: true } }),
    tx.replyTemplate.findMany({ where: { active: true }, select: { code: true } }),
  ]);
  const fields = rules.flatMap(({ then }, index) =>
    then.type === "route_to_group" && !groups.some((g) => g.code === then.group)
      ? [{ path: `rules.${index}.then.group`, code: "unknown_group" }]
      : then.type === "reply_template" && !templates.some((t) => t.code === then.template)
        ? [{ path: `rules.${index}.then.template`, code: "unknown_template" }]
        : [],
  );
  if (fields.length) throw new AppError("validation_failed", { fields });
}

/** The versions, newest first, with the one in force marked; rules as stored (validated when saved). */
export async function listRuleVersions({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.rules");
  const [versions, active] = await Promise.all([
    db.handlingRuleVersion.findMany({ orderBy: { version: "desc" }, take: 50 }),
    activeVersion(db),
  ]);
  const names = new Map(
    (
      await db.staffUser.findMany({
        where: { id: { in: versions.flatMap((v) => (v.createdById ? [v.createdById] : [])) } },
        select: { id: true, name: true },
      })
    ).map((s) => [s.id, s.name]),
  );
  return versions.map((v) => ({
    version: v.version,
    rules: storedRuleSet({ version: v.version, rules: v.rules }).rules,
    note: v.note,
    createdBy: v.createdById ? (names.get(v.createdById) ?? null) : null,
    activatedAt: v.activatedAt,
    inForce: v.version === active?.version,
  }));
}

/** What a rule may route to or reply with: the handling groups, and the active reply templates (titled in `locale` where written). */
export async function listRuleTargets({ db, actor, locale }: { db: Db; actor: StaffActor; locale: string }) {
  assertCan(actor, "page.rules");
  const [groups, templates] = await Promise.all([
    db.handlingGroup.findMany({ select: { code: true, names: true }, orderBy: { code: "asc" } }),
    activeTemplateTitles({ db, locale }),
  ]);
  return { groups, templates };
}

/**
 * For each previewed complaint, the customer's history as intake would have read it then: their
 * complaints in the 30 days before, their last satisfaction answer before. Read only when a rule
 * asks about history (one indexed lookup per complaint).
 */
async function historyBefore({ db, rules, complaintIds }: { db: Db; rules: HandlingRule[]; complaintIds: string[] }) {
  const history = new Map<string, { recent: number; lastCsat: number | null }>();
  if (!rules.some((r) => r.when.minRecentComplaints !== undefined || r.when.maxLastCsat !== undefined)) return history;
  const rows = await db.$queryRaw<{ id: string; recent: number; lastCsat: number | null }[]>`
    SELECT c.id,
      (SELECT count(*)::int FROM complaints e WHERE e.customer_id = c.customer_id AND e.created_at < c.created_at
        AND e.created_at > c.created_at - make_interval(days => ${HISTORY_DAYS})) AS recent,
      (SELECT s.csat FROM survey_responses s WHERE s.customer_id = c.customer_id AND s.created_at < c.created_at
        ORDER BY s.created_at DESC LIMIT 1) AS "lastCsat"
    FROM complaints c WHERE c.id = ANY(${complaintIds}::uuid[])`;
  for (const row of rows) history.set(row.id, { recent: row.recent, lastCsat: row.lastCsat });
  return history;
}

// The preview reads at most this many complaints (newest first), so it stays quick on a big shop.
const PREVIEW_LIMIT = 20_000;
const PREVIEW_DAYS = 30;

/**
 * What a set of rules would have refunded over the last 30 days' complaints: how many and how
 * much, by rule — one automatic refund per order, of what was left after the refunds made before
 * the complaint, as intake grants them. Orders are read as they are now (their current status);
 * tiers as they were when each complaint was filed. Beside it, what was actually refunded
 * automatically in the same window, to compare with.
 */
export async function previewRules({
  db,
  actor,
  rules,
  keyring,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  rules: HandlingRule[];
  keyring: Keyring;
  now?: Date;
}) {
  assertCan(actor, "settings.rules");
  const since = new Date(now.getTime() - PREVIEW_DAYS * 86_400_000);
  const complaints = await db.complaint.findMany({
    where: { createdAt: { gte: since, lte: now } },
    orderBy: { createdAt: "desc" },
    take: PREVIEW_LIMIT,
    select: {
      id: true,
      category: true,
      tier: true,
      urgencyReasons: true,
      createdAt: true,
      order: { select: { id: true, status: true, deliveredAt: true, ...STORED_AMOUNT } },
    },
  });
  const history = await historyBefore({ db, rules, complaintIds: complaints.map((c) => c.id) });
  const [refunds, actual] = await Promise.all([
    db.compensation.findMany({
      where: {
        orderId: { in: [...new Set(complaints.map((c) => c.order.id))] },
        type: "refund",
        status: { in: ["pending", "succeeded"] },
      },
      select: { orderId: true, amount: true, createdAt: true, idempotencyKey: true },
    }),
    db.compensation.aggregate({
      where: {
        idempotencyKey: { startsWith: "auto-refund:order:" },
        status: { in: ["pending", "succeeded"] },
        createdAt: { gte: since, lte: now },
      },
      _count: { _all: true },
      _sum: { amount: true },
    }),
  ]);
  const ruleSet = { version: 0, rules };
  const autoRefunded = new Set<string>();
  const byRule = new Map<string, { complaints: number; amountFen: number }>();
  // The other rules (offers, priority, routing, replies): how many complaints each would have acted on.
  const firedCounts = new Map<string, number>();
  for (const complaint of [...complaints].reverse()) {
    if (!isCategory(complaint.category)) continue;
    // Staff refunds on the order before this complaint (the automatic ones are what is previewed).
    const refundedFen = refunds
      .filter(
        (r) =>
          r.orderId === complaint.order.id &&
          r.createdAt < complaint.createdAt &&
          !r.idempotencyKey.startsWith("auto-refund:"),
      )
      .reduce((sum, r) => sum + decimalToFen(r.amount), 0);
    const facts: RuleFacts = {
      category: complaint.category,
      orderStatus: complaint.order.status,
      orderAmountFen: orderAmountFen(complaint.order, keyring),
      tier: complaint.tier,
      reasons: complaint.urgencyReasons,
      recentComplaints: history.get(complaint.id)?.recent ?? 0,
      lastCsat: history.get(complaint.id)?.lastCsat ?? null,
      hoursSinceDelivery: complaint.order.deliveredAt
        ? (complaint.createdAt.getTime() - complaint.order.deliveredAt.getTime()) / 3_600_000
        : null,
    };
    for (const fired of Object.values(firedRules({ ruleSet, facts })))
      if (fired) firedCounts.set(fired.rule, (firedCounts.get(fired.rule) ?? 0) + 1);
    if (autoRefunded.has(complaint.order.id)) continue;
    const decision = autoResolutionFor({ ruleSet, facts, refundedFen });
    if (!decision) continue;
    autoRefunded.add(complaint.order.id);
    const sum = byRule.get(decision.rule) ?? { complaints: 0, amountFen: 0 };
    byRule.set(decision.rule, { complaints: sum.complaints + 1, amountFen: sum.amountFen + decision.amountFen });
  }
  const totals = [...byRule.values()].reduce(
    (acc, rule) => ({ complaints: acc.complaints + rule.complaints, amountFen: acc.amountFen + rule.amountFen }),
    { complaints: 0, amountFen: 0 },
  );
  return {
    ...totals,
    read: complaints.length,
    capped: complaints.length === PREVIEW_LIMIT,
    byRule: Object.fromEntries(byRule),
    fired: Object.fromEntries(firedCounts),
    actual: {
      complaints: actual._count._all,
      amountFen: actual._sum.amount ? decimalToFen(actual._sum.amount) : 0,
    },
  };
}
