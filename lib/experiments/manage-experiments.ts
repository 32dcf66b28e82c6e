import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import {
  EXPERIMENT_METRICS,
  EXPERIMENT_VARIABLES,
  PRIORITIES,
  TIERS,
  type ExperimentStatus,
} from "../complaints/vocabulary/terms";
import { isCategory } from "../complaints/vocabulary/taxonomy";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import type { Prisma } from "../generated/prisma/client";
import { DEFAULT_LOCALE, LOCALES } from "../i18n/config";
import { templateBody } from "../knowledge/manage-templates";
import { offerSchema, ruleOffer } from "../triage/handling-rules";
import { activateRuleVersion, ruleSetInForce } from "../triage/rule-versions";
import { activeTemplateTitles } from "../complaints/reply-templates";
import { FORM_TARGET, H5_FORM_SETTING } from "./form-variants";
import { slaArmSchema } from "./intake-variants";
import { readSetting } from "../app-settings";

// Arm keys in order: A is always the control (things as they are), then the variants.
export const ARM_KEYS = ["A", "B", "C", "D"] as const;
export const MAX_VARIANTS = ARM_KEYS.length - 1;

// A blank text is no text: required where it must be there, left out where it may be.
const blankless = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optionalBody = z.preprocess(blankless, templateBody.optional());

/**
 * A variant: for a reply template its text per language (zh-CN, the shop's language, required; the
 * others optional), for a compensation offer the offer (within a rule's caps).
 */
const variantSchema = z.object({
  bodies: z.object({ "zh-CN": z.preprocess(blankless, templateBody), en: optionalBody, es: optionalBody }).optional(),
  offer: offerSchema.optional(),
  // An H5 form variant's layout (the control is the form as it is).
  form: z.literal("flat").optional(),
  // An SLA policy variant's deadlines for the priority (the control keeps the policy's).
  sla: slaArmSchema.optional(),
  // The arm it is, as the form labels it (B–D); by position when absent.
  key: z.enum(["B", "C", "D"]).optional(),
});

export const experimentSchema = z
  .object({
    name: z.string().trim().min(2).max(80),
    variable: z.enum(EXPERIMENT_VARIABLES),
    // The reply template's code.
    target: z.string().trim().min(1).max(60),
    metric: z.enum(Object.keys(EXPERIMENT_METRICS) as [keyof typeof EXPERIMENT_METRICS]),
    sharePercent: z.number().int().min(1).max(100),
    tiers: z.array(z.enum(TIERS)).max(TIERS.length),
    regions: z.array(z.string().trim().min(1).max(40)).max(20),
    categories: z.array(z.string().refine(isCategory, "unknown_category")).max(12),
    minSamplePerArm: z.number().int().min(2).max(100_000),
    // Against the control: at least one, or there is nothing to compare.
    variants: z
      .array(variantSchema)
      .max(MAX_VARIANTS)
      .refine((variants) => variants.length >= 1, "experiment_arms"),
  })
  .superRefine(({ variable, variants, metric, categories }, ctx) => {
    // Each variant carries what its variable varies.
    variants.forEach((variant, index) => {
      if (variable === "reply_template" && !variant.bodies)
        ctx.addIssue({ code: "custom", path: ["variants", index, "bodies", "zh-CN"], message: "required" });
      if (variable === "compensation_offer" && !variant.offer)
        ctx.addIssue({ code: "custom", path: ["variants", index, "offer"], message: "required" });
      if (variable === "h5_form" && !variant.form)
        ctx.addIssue({ code: "custom", path: ["variants", index, "form"], message: "required" });
      if (variable === "sla_policy" && !variant.sla)
        ctx.addIssue({ code: "custom", path: ["variants", index, "sla"], message: "required" });
    });
    const keys = variants.map((variant, index) => variant.key ?? ARM_KEYS[index + 1]);
    if (new Set(keys).size !== keys.length)
      ctx.addIssue({ code: "custom", path: ["variants"], message: "duplicate_value" });
    // A form is judged by how many finish it, and nothing else is; a form is seen before there is a category.
    if ((variable === "h5_form") !== (metric === "form_completion"))
      ctx.addIssue({ code: "custom", path: ["metric"], message: "metric_not_applicable" });
    if (variable === "h5_form" && categories.length)
      ctx.addIssue({ code: "custom", path: ["categories"], message: "not_applicable" });
  });
export type ExperimentInput = z.output<typeof experimentSchema>;

/** Is there what the experiment varies: an active reply template, or an offer rule in the version in force? */
async function targetExists({ tx, input }: { tx: Prisma.TransactionClient; input: ExperimentInput }) {
  if (input.variable === "h5_form") return input.target === FORM_TARGET;
  if (input.variable === "sla_policy") return (PRIORITIES as readonly string[]).includes(input.target);
  if (input.variable === "reply_template")
    return (
      (await tx.replyTemplate.findFirst({ where: { code: input.target, active: true }, select: { id: true } })) !== null
    );
  return (await ruleSetInForce({ db: tx })).rules.some((rule) => rule.code === input.target && ruleOffer(rule));
}

const LOCK = "kesu:experiments";

/**
 * Starts an experiment: the control and its variants, at once. Refused before anything is saved:
 * a template that does not exist (or is retired), and a second running experiment on the same
 * variable and target (`experiment_overlap`) — decided under a lock, so two supervisors starting
 * one at the same moment cannot both succeed. Audited with everything it was started with.
 */
export async function createExperiment({
  db,
  actor,
  input,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  input: ExperimentInput;
  now?: Date;
}) {
  assertCan(actor, "experiments.manage");
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${LOCK}))`;
    if (!(await targetExists({ tx, input })))
      throw new AppError("validation_failed", {
        fields: [
          {
            path: "target",
            code:
              input.variable === "reply_template"
                ? "unknown_template"
                : input.variable === "compensation_offer"
                  ? "unknown_offer_rule"
                  : "invalid",
          },
        ],
      });
    const running = await tx.experiment.findFirst({
      where: { variable: input.variable, target: input.target, status: "running" },
      select: { name: true },
    });
    if (running) throw new AppError("experiment_overlap", { params: { name: running.name } });
    const { variants, ...fields } = input;
    const arms = [
      { key: ARM_KEYS[0], control: true, bodies: {} },
      ...variants.map((variant, index) => ({
        key: variant.key ?? ARM_KEYS[index + 1]!,
        control: false,
        bodies:
          input.variable === "reply_template" && variant.bodies
            ? Object.fromEntries(Object.entries(variant.bodies).filter(([, body]) => body !== undefined))
            : {},
        ...(input.variable === "compensation_offer" && variant.offer ? { offer: variant.offer } : {}),
        ...(input.variable === "h5_form" && variant.form ? { form: variant.form } : {}),
        ...(input.variable === "sla_policy" && variant.sla ? { sla: variant.sla } : {}),
      })),
    ];
    const experiment = await tx.experiment.create({
      data: { ...fields, createdById: actor.id, startedAt: now, arms: { create: arms } },
      select: { id: true },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "experiment.started",
        target: { type: "experiment", id: experiment.id },
        after: { ...fields, arms } as unknown as Prisma.InputJsonValue,
      },
    });
    return experiment;
  });
}

export const experimentIdSchema = z.object({ experimentId: z.string().uuid() });
export const shipSchema = experimentIdSchema.extend({ arm: z.enum(ARM_KEYS) });

async function lockExperiment(tx: Prisma.TransactionClient, id: string) {
  const [row] = await tx.$queryRaw<{ status: ExperimentStatus }[]>`
    SELECT status FROM experiments WHERE id = ${id}::uuid FOR UPDATE`;
  if (!row) throw new AppError("not_found");
  return row;
}

/** Stops a running experiment: nobody is exposed any more; the results stay. Audited. */
export async function stopExperiment({
  db,
  actor,
  experimentId,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  experimentId: string;
  now?: Date;
}) {
  assertCan(actor, "experiments.manage");
  return db.$transaction(async (tx) => {
    const { status } = await lockExperiment(tx, experimentId);
    if (status !== "running") throw new AppError("experiment_not_running");
    await tx.experiment.update({ where: { id: experimentId }, data: { status: "stopped", stoppedAt: now } });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "experiment.stopped",
        target: { type: "experiment", id: experimentId },
        before: { status },
        after: { status: "stopped" },
      },
    });
    return { status: "stopped" as const };
  });
}

type ArmKey = (typeof ARM_KEYS)[number];
type ShippedArm = { control: boolean; bodies: unknown; offer: unknown };

/**
 * A reply template's winning text replaces the template's body in each language it was written in
 * (a language the template lacked is added with the shop-language title). Returns the bodies
 * before and after, for the audit.
 */
async function shipTemplate({
  tx,
  target,
  shipped,
}: {
  tx: Prisma.TransactionClient;
  target: string;
  shipped: ShippedArm;
}) {
  const bodies = shipped.control ? {} : (shipped.bodies as Record<string, string>);
  const templates = await tx.replyTemplate.findMany({
    where: { code: target },
    select: { id: true, locale: true, title: true, body: true, category: true },
  });
  const base = templates.find((t) => t.locale === DEFAULT_LOCALE) ?? templates[0];
  const before: Record<string, string> = {};
  for (const [locale, body] of Object.entries(bodies)) {
    if (!(LOCALES as readonly string[]).includes(locale)) continue;
    const existing = templates.find((t) => t.locale === locale);
    before[locale] = existing?.body ?? "";
    // The body only: a template retired meanwhile stays retired.
    if (existing) await tx.replyTemplate.update({ where: { id: existing.id }, data: { body } });
    else
      await tx.replyTemplate.create({
        data: { code: target, locale, title: base?.title ?? target, category: base?.category, body },
      });
  }
  return { before: { template: target, bodies: before }, after: { bodies } };
}

/**
 * A compensation offer's winner becomes the offer of the rule it varied, as a new version of the
 * handling rules (activated and audited as any version: only admins may, like every rules change).
 * The control changes nothing.
 */
async function shipOffer({
  tx,
  actor,
  experiment,
  shipped,
  arm,
  now,
}: {
  tx: Prisma.TransactionClient;
  actor: StaffActor;
  experiment: { target: string; name: string };
  shipped: ShippedArm;
  arm: ArmKey;
  now: Date;
}) {
  assertCan(actor, "settings.rules");
  if (shipped.control) return { before: { rule: experiment.target }, after: { rule: experiment.target } };
  const ruleSet = await ruleSetInForce({ db: tx });
  const rule = ruleSet.rules.find((r) => r.code === experiment.target);
  if (!rule || !ruleOffer(rule)) throw new AppError("experiment_target_gone");
  const offer = offerSchema.parse(shipped.offer);
  const { version } = await activateRuleVersion({
    tx,
    actor,
    input: {
      basedOn: ruleSet.version,
      // The experiment's own name (in the words its author chose) and the arm shipped.
      note: `${experiment.name} → ${arm}`,
      rules: ruleSet.rules.map((r) => (r.code === experiment.target ? { ...r, then: offer } : r)),
    },
    now,
  });
  return { before: { rule: experiment.target, offer: rule.then, version: ruleSet.version }, after: { offer, version } };
}

/** An H5 form's winning layout becomes the one everyone gets (the h5_form setting); the control keeps it. */
async function shipForm({
  tx,
  actor,
  shipped,
  now,
}: {
  tx: Prisma.TransactionClient;
  actor: StaffActor;
  shipped: ShippedArm & { form: string | null };
  now: Date;
}) {
  const before = (await readSetting({ db: tx, setting: H5_FORM_SETTING })).value;
  if (shipped.control || shipped.form !== "flat") return { before, after: before };
  const after = { layout: "flat" as const };
  await tx.appSetting.upsert({
    where: { key: H5_FORM_SETTING.key },
    create: { key: H5_FORM_SETTING.key, value: after, updatedById: actor.id, updatedAt: now },
    update: { value: after, version: { increment: 1 }, updatedById: actor.id, updatedAt: now },
  });
  return { before, after };
}

/**
 * An SLA policy's winning deadlines become the policy of its priority (only admins may, as every
 * SLA settings change); the control keeps it. Complaints already filed keep their deadlines.
 */
async function shipSla({
  tx,
  actor,
  target,
  shipped,
}: {
  tx: Prisma.TransactionClient;
  actor: StaffActor;
  target: string;
  shipped: ShippedArm & { sla: unknown };
}) {
  assertCan(actor, "settings.sla");
  const priority = PRIORITIES.find((p) => p === target);
  if (!priority) throw new AppError("experiment_target_gone");
  const current = await tx.slaPolicy.findUniqueOrThrow({
    where: { priority },
    select: { firstResponseMinutes: true, resolutionPlanMinutes: true },
  });
  if (shipped.control) return { before: { priority, ...current }, after: { priority, ...current } };
  const sla = slaArmSchema.parse(shipped.sla);
  await tx.slaPolicy.update({ where: { priority }, data: sla });
  return { before: { priority, ...current }, after: { priority, ...sla } };
}

/**
 * Ships an arm (stopping the experiment if it still runs) into what the experiment varied: a reply
 * template's body, a handling rule's offer, the H5 form's layout, or a priority's SLA policy. The control changes nothing. Audited with what was
 * there before and after. Once shipped, final.
 */
export async function shipExperimentArm({
  db,
  actor,
  experimentId,
  arm,
  now = new Date(),
}: {
  db: Db;
  actor: StaffActor;
  experimentId: string;
  arm: ArmKey;
  now?: Date;
}) {
  assertCan(actor, "experiments.manage");
  return db.$transaction(async (tx) => {
    const { status } = await lockExperiment(tx, experimentId);
    if (status === "shipped") throw new AppError("experiment_shipped");
    const experiment = await tx.experiment.findUniqueOrThrow({
      where: { id: experimentId },
      select: {
        name: true,
        variable: true,
        target: true,
        arms: { where: { key: arm }, select: { control: true, bodies: true, offer: true, form: true, sla: true } },
      },
    });
    const shipped = experiment.arms[0];
    if (!shipped) throw new AppError("not_found");
    const change =
      experiment.variable === "compensation_offer"
        ? await shipOffer({ tx, actor, experiment, shipped, arm, now })
        : experiment.variable === "h5_form"
          ? await shipForm({ tx, actor, shipped, now })
          : experiment.variable === "sla_policy"
            ? await shipSla({ tx, actor, target: experiment.target, shipped })
            : await shipTemplate({ tx, target: experiment.target, shipped });
    await tx.experiment.update({
      where: { id: experimentId },
      data: { status: "shipped", winnerArm: arm, ...(status === "running" ? { stoppedAt: now } : {}) },
    });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: "experiment.shipped",
        target: { type: "experiment", id: experimentId },
        before: { status, ...change.before } as Prisma.InputJsonValue,
        after: { status: "shipped", winnerArm: arm, ...change.after } as Prisma.InputJsonValue,
      },
    });
    return { status: "shipped" as const, winnerArm: arm };
  });
}

/** Every experiment, newest first, with its exposures (a form experiment: its views). */
export async function listExperiments({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.experiments");
  return db.experiment.findMany({
    orderBy: { startedAt: "desc" },
    take: 100,
    select: {
      id: true,
      name: true,
      variable: true,
      target: true,
      metric: true,
      sharePercent: true,
      status: true,
      winnerArm: true,
      startedAt: true,
      stoppedAt: true,
      createdBy: { select: { name: true } },
      _count: { select: { exposures: true, views: true } },
    },
  });
}

/** The offer rules an experiment may vary: rules of the version in force that offer a coupon or points. */
export async function listOfferRules({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.experiments");
  return (await ruleSetInForce({ db })).rules.flatMap((rule) => {
    const offer = ruleOffer(rule);
    return offer ? [{ code: rule.code, offer }] : [];
  });
}

/** The reply templates an experiment may vary: active ones, by code, titled in the viewer's language where written. */
export async function listTemplateTargets({ db, actor, locale }: { db: Db; actor: StaffActor; locale: string }) {
  assertCan(actor, "page.experiments");
  return activeTemplateTitles({ db, locale });
}
