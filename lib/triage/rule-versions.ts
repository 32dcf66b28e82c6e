import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { isCategory } from "../complaints/vocabulary/taxonomy";
import type { Keyring } from "../crypto/field-encryption";
import { orderAmountFen, STORED_AMOUNT } from "../orders/order-amount";
import { autoResolutionFor, ruleSetSchema, storedRuleSet, type HandlingRule } from "./handling-rules";

export const saveRulesSchema = z.object({
  rules: ruleSetSchema,
  // Why this version: shown in the version history and the audit log.
  note: z.string().trim().min(1).max(200),
});

/**
 * Saves the rules as a new version and puts it in force at once (the latest activated version is
 * the one intake reads). Complaints filed before keep the handling they had: their timeline names
 * the version. Versions are numbered one after another under a lock; audited with the version
 * replaced and the rules.
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
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('kesu:handling-rules'))`;
    const latest = await tx.handlingRuleVersion.findFirst({ orderBy: { version: "desc" }, select: { version: true } });
    const active = await tx.handlingRuleVersion.findFirst({
      where: { activatedAt: { not: null } },
      orderBy: { activatedAt: "desc" },
      select: { version: true },
    });
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
  });
}

/** The versions, newest first, with the one in force marked; rules as stored (validated when saved). */
export async function listRuleVersions({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.rules");
  const versions = await db.handlingRuleVersion.findMany({ orderBy: { version: "desc" }, take: 50 });
  const active = versions
    .filter((v) => v.activatedAt)
    .sort((a, b) => b.activatedAt!.getTime() - a.activatedAt!.getTime() || b.version - a.version)[0];
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

// The preview reads at most this many complaints (newest first), so it stays quick on a big shop.
const PREVIEW_LIMIT = 20_000;
const PREVIEW_DAYS = 30;

/**
 * What a set of rules would have refunded over the last 30 days' complaints: how many and how
 * much, by rule — one refund per order, as intake grants them. Orders are read as they are now
 * (their current status and amount); tiers as they were when each complaint was filed.
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
  const complaints = await db.complaint.findMany({
    where: { createdAt: { gte: new Date(now.getTime() - PREVIEW_DAYS * 86_400_000), lte: now } },
    orderBy: { createdAt: "desc" },
    take: PREVIEW_LIMIT,
    select: { category: true, tier: true, order: { select: { id: true, status: true, ...STORED_AMOUNT } } },
  });
  const ruleSet = { version: 0, rules };
  const refunded = new Set<string>();
  const byRule = new Map<string, { complaints: number; amountFen: number }>();
  for (const complaint of [...complaints].reverse()) {
    if (!isCategory(complaint.category) || refunded.has(complaint.order.id)) continue;
    const decision = autoResolutionFor({
      ruleSet,
      category: complaint.category,
      orderStatus: complaint.order.status,
      orderAmountFen: orderAmountFen(complaint.order, keyring),
      tier: complaint.tier,
      refundedFen: 0,
    });
    if (!decision) continue;
    refunded.add(complaint.order.id);
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
  };
}
