import type { Prisma } from "../generated/prisma/client";
import { categoryKey } from "../complaints/vocabulary/label-keys";
import type { PlanMetric } from "../complaints/vocabulary/terms";
import type { Db } from "../db-client";
import type { Locale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { planDeliveries } from "../notify/plan-deliveries";
import { workspaceLink } from "../notify/workspace-link";
import { planResult, resultDueAt, type PlanResult } from "./plan-results";
import { planMetricValue } from "./plan-text";

const FOLLOWED = {
  id: true,
  action: true,
  metric: true,
  category: true,
  region: true,
  windowDays: true,
  dueAt: true,
  createdAt: true,
  owner: { select: { name: true } },
} as const satisfies Prisma.ImprovementPlanSelect;

type FollowedPlan = Prisma.ImprovementPlanGetPayload<{ select: typeof FOLLOWED }>;

const ROBOTS = ["wecom_robot", "dingtalk_robot"] as const;

function robotMessage({
  plan,
  result,
  locale,
  link,
}: {
  plan: FollowedPlan;
  result: PlanResult | null;
  locale: Locale;
  link: string;
}) {
  const t = translatorFor(locale);
  const metric = plan.metric as PlanMetric;
  const scope = [plan.category ? t(categoryKey(plan.category)) : null, plan.region].filter(Boolean).join(" · ");
  const title = t(result ? "plans.robotResultTitle" : "plans.robotDueTitle");
  const line = result
    ? t("plans.robotResult", {
        action: plan.action,
        metric: t(`plans.metrics.${metric}`),
        before: planMetricValue({ metric, measure: result.before, locale }),
        after: planMetricValue({ metric, measure: result.after, locale }),
        verdict: t(`plans.verdicts.${result.verdict ?? "no_data"}`),
      })
    : t("plans.robotDue", { action: plan.action, owner: plan.owner.name });
  const scoped = scope ? t("plans.robotScoped", { line, scope }) : line;
  return {
    title,
    markdown: `### ${title}\n> ${scoped}\n[${t("plans.open")}](${link})`,
    text: `${title}${t("notify.separator")}${scoped} ${link}`,
  };
}

/**
 * The plans' follow-up, run by the `plan-follow-up` workflow: a plan whose due day has come is
 * announced to the robots subscribed to `improvement_plan`; a plan whose after window is over
 * gets its result computed, stored (final) and announced. Safe to repeat: a plan is marked (due
 * told, result stored) in the transaction that plans its deliveries, so a retried step finds it
 * marked and plans nothing again, and nothing is marked that was not announced.
 */
export async function followUpPlans({
  db,
  now = new Date(),
  appUrl,
  linkSecret,
}: {
  db: Db;
  now?: Date;
  appUrl: string;
  linkSecret: string;
}) {
  const deliveries: { id: string; channelId: string }[] = [];
  const link = (id: string) => workspaceLink({ appUrl, path: `/admin/plans/${id}`, secret: linkSecret });

  const due = await db.improvementPlan.findMany({
    where: { dueNotifiedAt: null, dueAt: { lte: now } },
    orderBy: { dueAt: "asc" },
    take: 200,
    select: FOLLOWED,
  });
  for (const plan of due) {
    // Marked and announced in one transaction: told once, and never marked without being told.
    const planned = await db.$transaction(async (tx) => {
      const { count } = await tx.improvementPlan.updateMany({
        where: { id: plan.id, dueNotifiedAt: null },
        data: { dueNotifiedAt: now },
      });
      if (count === 0) return [];
      return planDeliveries({
        db: tx,
        topic: "improvement_plan",
        kinds: [...ROBOTS],
        sourceEventId: `plan-due:${plan.id}`,
        complaintId: null,
        message: (locale) => robotMessage({ plan, result: null, locale, link: link(plan.id) }),
      });
    });
    deliveries.push(...planned);
  }

  // The shortest window is a week: nothing due less than a week ago can have a result yet.
  const measuring = await db.improvementPlan.findMany({
    where: { verifiedAt: null, dueAt: { lte: new Date(now.getTime() - 7 * 86_400_000) } },
    orderBy: { dueAt: "asc" },
    take: 200,
    select: FOLLOWED,
  });
  let verified = 0;
  for (const plan of measuring.filter((p) => resultDueAt(p) <= now)) {
    const result = await planResult({ db, plan: { ...plan, metric: plan.metric as PlanMetric }, now });
    // Stored (final) and announced in one transaction: the robots are told exactly what is stored.
    const planned = await db.$transaction(async (tx) => {
      const { count } = await tx.improvementPlan.updateMany({
        where: { id: plan.id, verifiedAt: null },
        data: { result: result as unknown as Prisma.InputJsonValue, verifiedAt: now },
      });
      if (count === 0) return null;
      return planDeliveries({
        db: tx,
        topic: "improvement_plan",
        kinds: [...ROBOTS],
        sourceEventId: `plan-result:${plan.id}`,
        complaintId: null,
        message: (locale) => robotMessage({ plan, result, locale, link: link(plan.id) }),
      });
    });
    if (planned === null) continue;
    verified += 1;
    deliveries.push(...planned);
  }
  return { due: due.length, verified, deliveries };
}
