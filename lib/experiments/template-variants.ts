import type { Db } from "../db-client";
import { DEFAULT_LOCALE, isLocale } from "../i18n/config";
import type { Prisma } from "../generated/prisma/client";
import { armForCustomer, inAudience, type ExposedComplaint } from "./assignment";

const RUNNING = {
  id: true,
  target: true,
  sharePercent: true,
  tiers: true,
  regions: true,
  categories: true,
  arms: { select: { key: true, control: true, bodies: true }, orderBy: { key: "asc" } },
} as const satisfies Prisma.ExperimentSelect;

type RunningExperiment = Prisma.ExperimentGetPayload<{ select: typeof RUNNING }>;

function runningFor(db: Pick<Db, "experiment">, codes: string[]) {
  return db.experiment.findMany({
    where: { variable: "reply_template", status: "running", target: { in: codes } },
    select: RUNNING,
  });
}

/**
 * The arm this complaint's customer is in, with the text it shows in their language; null when
 * they are outside the experiment. A customer whose language one of the variants was not written
 * in stays outside, so nobody is shown an arm in another language (or the control by default).
 */
function assignedArm({
  experiment,
  complaint,
  locale,
}: {
  experiment: RunningExperiment;
  complaint: ExposedComplaint;
  locale: string;
}) {
  if (!inAudience({ audience: experiment, complaint })) return null;
  const arms = experiment.arms.map((arm) => ({
    key: arm.key,
    body: arm.control ? null : ((arm.bodies as Record<string, string>)[locale] ?? undefined),
  }));
  if (arms.some((arm) => arm.body === undefined)) return null;
  return armForCustomer({
    experimentId: experiment.id,
    customerId: complaint.customerId,
    sharePercent: experiment.sharePercent,
    arms,
  });
}

/**
 * The reply box's templates as this complaint's customer meets them: where a running experiment
 * varies a template and the customer is in a variant arm, that arm's text replaces the body. The
 * same choice is made again when the reply is sent (recordTemplateExposure), so what the agent was
 * offered and what is recorded agree.
 */
export async function templatesForComplaint<T extends { code: string; body: string }>({
  db,
  complaint,
  locale,
  templates,
}: {
  db: Db;
  complaint: ExposedComplaint;
  locale: string;
  templates: T[];
}): Promise<T[]> {
  if (templates.length === 0) return templates;
  const experiments = await runningFor(
    db,
    templates.map((t) => t.code),
  );
  if (experiments.length === 0) return templates;
  return templates.map((template) => {
    const experiment = experiments.find((e) => e.target === template.code);
    const arm = experiment ? assignedArm({ experiment, complaint, locale }) : null;
    return arm?.body ? { ...template, body: arm.body } : template;
  });
}

/**
 * Records that this complaint met an arm: called in the reply's transaction when the reply used a
 * template a running experiment varies and the customer is in it. Once per complaint and
 * experiment (a second reply with the same template adds nothing). Returns what was recorded.
 */
export async function recordTemplateExposure({
  tx,
  complaintId,
  templateCode,
  now,
}: {
  tx: Prisma.TransactionClient;
  complaintId: string;
  templateCode: string;
  now: Date;
}): Promise<{ experimentId: string; arm: string } | null> {
  const [experiment] = await runningFor(tx, [templateCode]);
  if (!experiment) return null;
  const complaint = await tx.complaint.findUniqueOrThrow({
    where: { id: complaintId },
    select: { customerId: true, tier: true, region: true, category: true, customer: { select: { locale: true } } },
  });
  const locale = isLocale(complaint.customer.locale) ? complaint.customer.locale : DEFAULT_LOCALE;
  const arm = assignedArm({ experiment, complaint, locale });
  if (!arm) return null;
  await tx.experimentExposure.createMany({
    data: [
      { experimentId: experiment.id, arm: arm.key, customerId: complaint.customerId, complaintId, exposedAt: now },
    ],
    skipDuplicates: true,
  });
  return { experimentId: experiment.id, arm: arm.key };
}
