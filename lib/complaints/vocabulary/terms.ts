import type {
  ComplaintEmotion,
  ComplaintStatus,
  CustomerTier,
  OrderStatus as DbOrderStatus,
  Priority as DbPriority,
} from "../../generated/prisma/enums";

/**
 * The words every part of Kesu uses for a complaint's state, in one place. The database enums
 * (prisma/schema.prisma) are the source; these ordered lists are checked against them at compile
 * time, so adding a value there without adding it here fails the type check. Type-only imports:
 * client components may use this module.
 */
type Exhaustive<List extends readonly string[], All extends string> = [Exclude<All, List[number]>] extends [never]
  ? List
  : never;

/** Priorities, most urgent first (queue order, SLA policy order, filters). */
export const PRIORITIES = ["high", "medium", "low"] as const satisfies Exhaustive<
  readonly ["high", "medium", "low"],
  DbPriority
>;
export type Priority = (typeof PRIORITIES)[number];

/** Statuses in the order a complaint moves through them. */
export const STATUSES = ["new", "processing", "waiting_customer", "resolved", "closed"] as const satisfies Exhaustive<
  readonly ["new", "processing", "waiting_customer", "resolved", "closed"],
  ComplaintStatus
>;
export type Status = (typeof STATUSES)[number];

/** An order's statuses as the shop sends them, in the order an order moves through them. */
export const ORDER_STATUSES = [
  "pending",
  "paid",
  "shipped",
  "delivered",
  "cancelled",
  "refunded",
] as const satisfies Exhaustive<
  readonly ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"],
  DbOrderStatus
>;

/** The emotions triage reads in a complaint (issue 17: 情绪识别), neutral last. */
export const EMOTIONS = ["anger", "anxiety", "disappointment", "neutral"] as const satisfies Exhaustive<
  readonly ["anger", "anxiety", "disappointment", "neutral"],
  ComplaintEmotion
>;
export type Emotion = (typeof EMOTIONS)[number];
/** An emotion's intensity 1, 2, 3 by name (message keys `emotionIntensity.*`); neutral has 0. */
export const EMOTION_INTENSITIES = ["mild", "moderate", "strong"] as const;

export const TIERS = ["normal", "vip"] as const satisfies Exhaustive<readonly ["normal", "vip"], CustomerTier>;
export type Tier = (typeof TIERS)[number];

/**
 * Who holds a complaint: L1 (any agent of the group), L2 (the group's expert, after an escalation
 * or a first SLA breach), and a supervisor (after a breach at L2).
 */
export const ESCALATION_LEVELS = { l1: 0, l2: 1, supervisor: 2 } as const;

export function isEscalated(level: number): boolean {
  return level > ESCALATION_LEVELS.l1;
}

/** The deadline a complaint's SLA clock runs against: the first response, then the resolution plan. */
export const SLA_KINDS = ["first_response", "resolution"] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

/** How staff resolve a complaint (the compensation it carries, if any). */
export const RESOLUTION_OUTCOMES = ["refund", "coupon", "points", "replacement", "explanation"] as const;
export type ResolutionOutcome = (typeof RESOLUTION_OUTCOMES)[number];

/** Why a callback task exists: a churn warning (lib/surveys/check-churn.ts), the monthly 10 % sample. */
export const CALLBACK_REASONS = ["churn_warning", "monthly_sample"] as const;
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

/** How a callback went (seed 000's monthly callback: the customer reached and how they felt, or not). */
export const CALLBACK_OUTCOMES = ["satisfied", "neutral", "dissatisfied", "unreachable", "declined"] as const;

/**
 * What an A/B experiment varies (lib/experiments). Each is applied by the code path that does the
 * same thing without an experiment: a reply template's variant is what the reply box offers; a
 * compensation offer's is what the handling rule offering it gives at intake; an H5 form's is the
 * layout the complaint form is drawn with; an SLA policy's is the deadlines intake sets for a priority.
 */
export const EXPERIMENT_VARIABLES = ["reply_template", "compensation_offer", "h5_form", "sla_policy"] as const;

/** The H5 complaint form's type picker: group tabs then subtypes (as it is), or every subtype at once. */
export const FORM_LAYOUTS = ["two_step", "flat"] as const;
export type FormLayout = (typeof FORM_LAYOUTS)[number];

/**
 * An experiment's primary metric, over the complaints exposed to it: a rate (share of complaints)
 * or a mean (per complaint).
 */
export const EXPERIMENT_METRICS = {
  // Mean survey score 1–5 of those who answered.
  csat: "mean",
  // Share of resolved complaints the customer (or staff) reopened.
  reopen_rate: "rate",
  // Hours from filing to resolution, of those resolved.
  resolution_hours: "mean",
  // Yuan of compensation granted per complaint (refunds, coupons; points are not money).
  compensation_yuan: "mean",
  // Share of exposed complaints whose customer got a churn warning afterwards (lib/surveys/check-churn.ts).
  churn_warnings: "rate",
  // H5 form experiments only: share of customers shown the form who then filed a complaint from it.
  form_completion: "rate",
} as const satisfies Record<string, "rate" | "mean">;
export type ExperimentMetric = keyof typeof EXPERIMENT_METRICS;

/** Running until stopped; a stopped one may still ship a winner; shipped is final (a CHECK in the migration). */
export type ExperimentStatus = "running" | "stopped" | "shipped";

/**
 * What an improvement plan watches for its scope (lib/plans): complaints per 1 000 orders placed,
 * the mean CSAT of complaints answered, the share of complaints whose SLA was breached.
 */
export const PLAN_METRICS = ["complaint_rate", "csat", "sla_breaches"] as const;
export type PlanMetric = (typeof PLAN_METRICS)[number];

/** A plan's before and after windows, in days: whole weeks, so both hold the same weekdays. */
export const PLAN_WINDOWS = [7, 14, 28] as const;
