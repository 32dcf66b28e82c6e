import { z } from "zod";
import type { ActorType, TimelineKind } from "../../generated/prisma/enums";

export type { TimelineKind };
import type { Translator } from "../../i18n/translator";
import { PRIORITIES, RESOLUTION_OUTCOMES, SLA_KINDS, STATUSES } from "./terms";
import { CATEGORIES } from "./taxonomy";

/**
 * The catalogue of timeline entries: for each kind (a database enum, `TimelineKind`), whether the
 * customer sees it, the schema of its payload, and how it reads — to the customer (H5, shop API)
 * and to staff (the complaint's internal timeline). Writers build entries with `timelineEvent`,
 * whose payload type comes from the schema; readers go through `customerTimelineText` and
 * `staffTimelineText`, which parse the payload first. A new kind is added here and in the enum.
 */
type Entry<S extends z.ZodType> = {
  customerVisible: boolean;
  payload: S;
  /** The entry as staff read it; free text (reply, note, reason) is shown under it by `timelineDetail`. */
  staff(t: Translator, payload: z.infer<S>): string;
  /** The entry as the customer reads it (customer-visible kinds only). */
  customer?(t: Translator, payload: z.infer<S>): string;
};

const entry = <S extends z.ZodType>(definition: Entry<S>) => definition;
const none = z.object({});
const text = z.object({ text: z.string() });
// Amounts as the reader writes them (¥25.80, 25,80 ¥): the translator knows its locale.
const yuanFromFen = (t: Translator, fen: number) => t("money.yuan", { amount: Math.round(fen) / 100 });
const yuan = (t: Translator, amount: string) => yuanFromFen(t, Math.round(Number(amount) * 100));
const compensationType = z.enum(["refund", "coupon", "points"]);

const TIMELINE_EVENTS = {
  submitted: entry({
    customerVisible: true,
    payload: z.object({ category: z.enum(CATEGORIES) }),
    staff: (t) => t("staffTimeline.submitted"),
    customer: (t, p) => t("timeline.submitted", { category: t(`taxonomy.${p.category}`) }),
  }),
  triaged: entry({
    customerVisible: false,
    payload: z.object({
      priority: z.enum(PRIORITIES),
      urgency: z.number(),
      reasons: z.array(z.string()),
      group: z.string(),
    }),
    staff: (t, p) =>
      t("staffTimeline.triaged", { priority: t(`priority.${p.priority}`), urgency: p.urgency.toFixed(2) }),
  }),
  auto_reply: entry({
    customerVisible: true,
    payload: z.object({ faqId: z.string(), question: z.string(), answer: z.string() }),
    staff: (t) => t("staffTimeline.auto_reply"),
    customer: (t, p) => t("timeline.auto_reply", { question: p.question, answer: p.answer }),
  }),
  auto_refund: entry({
    customerVisible: true,
    // Pending = asked of the shop, not yet paid: the customer is told exactly that.
    payload: z.object({
      amountFen: z.number().int(),
      rule: z.string(),
      // The handling-rules version that fired (events before rules were data: the built-in version 1).
      version: z.number().int().default(1),
      status: z.enum(["pending", "succeeded"]).default("succeeded"),
    }),
    staff: (t, p) =>
      t(p.status === "pending" ? "staffTimeline.auto_refund_requested" : "staffTimeline.auto_refund", {
        amount: yuanFromFen(t, p.amountFen),
        rule: p.rule,
        version: p.version,
      }),
    customer: (t, p) =>
      t(p.status === "pending" ? "timeline.auto_refund_requested" : "timeline.auto_refund", {
        amount: yuanFromFen(t, p.amountFen),
      }),
  }),
  status_changed: entry({
    customerVisible: true,
    payload: z.object({ from: z.enum(STATUSES), to: z.enum(STATUSES) }),
    staff: (t, p) => t("staffTimeline.status_changed", { from: t(`status.${p.from}`), to: t(`status.${p.to}`) }),
    customer: (t, p) => t("timeline.status_changed", { status: t(`status.${p.to}`) }),
  }),
  assigned: entry({
    customerVisible: false,
    payload: z.object({
      to: z.string(),
      toName: z.string(),
      claimed: z.boolean().optional(),
      by: z.string().optional(),
      byName: z.string().optional(),
    }),
    staff: (t, p) => t("staffTimeline.assigned", { name: p.toName }),
  }),
  note: entry({
    customerVisible: false,
    payload: z.object({ text: z.string(), authorName: z.string() }),
    staff: (t, p) => t("staffTimeline.note", { name: p.authorName }),
  }),
  reply: entry({
    customerVisible: true,
    payload: z.object({ text: z.string(), templateCode: z.string().optional() }),
    staff: (t) => t("staffTimeline.reply"),
    customer: (t, p) => t("timeline.reply", { text: p.text }),
  }),
  info_requested: entry({
    customerVisible: true,
    payload: text,
    staff: (t) => t("staffTimeline.info_requested"),
    customer: (t, p) => t("timeline.info_requested", { text: p.text }),
  }),
  escalated: entry({
    customerVisible: false,
    payload: z.object({ reason: z.string(), byName: z.string() }),
    staff: (t, p) => t("staffTimeline.escalated", { name: p.byName, reason: p.reason }),
  }),
  escalated_notice: entry({
    customerVisible: true,
    payload: none,
    staff: (t) => t("staffTimeline.escalated_notice"),
    customer: (t) => t("timeline.escalated_notice"),
  }),
  resolved: entry({
    customerVisible: true,
    payload: z.object({
      outcome: z.enum(RESOLUTION_OUTCOMES),
      note: z.string(),
      amountFen: z.number().int().optional(),
      points: z.number().int().optional(),
    }),
    staff: (t, p) => t("staffTimeline.resolved", { outcome: t(`outcomes.${p.outcome}`) }),
    customer: (t, p) => t("timeline.resolved", { note: p.note }),
  }),
  reopened: entry({
    customerVisible: false,
    payload: z.object({ reason: z.string(), byName: z.string() }),
    staff: (t, p) => t("staffTimeline.reopened", { name: p.byName, reason: p.reason }),
  }),
  customer_answer: entry({
    customerVisible: true,
    payload: text,
    staff: (t) => t("staffTimeline.customer_answer"),
    customer: (t, p) => t("timeline.customer_answer", { text: p.text }),
  }),
  resolution_confirmed: entry({
    customerVisible: true,
    payload: none,
    staff: (t) => t("staffTimeline.resolution_confirmed"),
    customer: (t) => t("timeline.resolution_confirmed"),
  }),
  resolution_rejected: entry({
    customerVisible: true,
    payload: z.object({ reason: z.string() }),
    staff: (t) => t("staffTimeline.resolution_rejected"),
    customer: (t, p) => t("timeline.resolution_rejected", { reason: p.reason }),
  }),
  compensation_claimed: entry({
    customerVisible: true,
    payload: z.object({ type: compensationType, amount: z.string() }),
    staff: (t) => t("staffTimeline.compensation_claimed"),
    customer: (t, p) =>
      t("timeline.compensation_claimed", { compensation: compensationText({ t, type: p.type, amount: p.amount }) }),
  }),
  refund_completed: entry({
    customerVisible: true,
    payload: z.object({ amount: z.string() }),
    staff: (t) => t("staffTimeline.refund_completed"),
    customer: (t, p) => t("timeline.refund_completed", { amount: yuan(t, p.amount) }),
  }),
  auto_closed: entry({
    customerVisible: true,
    payload: none,
    staff: (t) => t("staffTimeline.auto_closed"),
    customer: (t) => t("timeline.auto_closed"),
  }),
  survey_answered: entry({
    customerVisible: true,
    payload: z.object({ csat: z.number().int(), nps: z.number().int().optional() }),
    staff: (t) => t("staffTimeline.survey_answered"),
    customer: (t) => t("timeline.survey_answered"),
  }),
  churn_coupon: entry({
    customerVisible: true,
    payload: z.object({ amountFen: z.number().int() }),
    staff: (t) => t("staffTimeline.churn_coupon"),
    customer: (t) => t("timeline.churn_coupon"),
  }),
  sla_warning: entry({
    customerVisible: false,
    payload: z.object({ dueAt: z.string(), kind: z.enum(SLA_KINDS), minutesLeft: z.number().int() }),
    staff: (t, p) =>
      t("staffTimeline.sla_warning", { kind: t(`staffTimeline.slaKinds.${p.kind}`), minutes: p.minutesLeft }),
  }),
  sla_breached: entry({
    customerVisible: false,
    payload: z.object({
      kind: z.enum(SLA_KINDS),
      dueAt: z.string(),
      escalationLevel: z.number().int(),
      toName: z.string().nullable(),
      breachCount: z.number().int(),
    }),
    staff: (t, p) =>
      t("staffTimeline.sla_breached", { kind: t(`staffTimeline.slaKinds.${p.kind}`), name: p.toName || "—" }),
  }),
  // A handling rule acted at intake (lib/triage/handling-rules.ts): which rule of which version, and what it did.
  rule_applied: entry({
    customerVisible: false,
    payload: z.object({
      rule: z.string(),
      version: z.number().int(),
      action: z.enum(["offer_coupon", "offer_points", "set_priority", "route_to_group", "reply_template"]),
      // The priority, group code, template code, or the offer (yuan / points) it set.
      value: z.string(),
      // The offer was over the compensation caps: nothing was offered.
      capped: z.boolean().optional(),
    }),
    staff: (t, p) =>
      t(p.capped ? "staffTimeline.rule_applied_capped" : "staffTimeline.rule_applied", {
        rule: p.rule,
        version: p.version,
        action: t(`staffTimeline.ruleActions.${p.action}`),
        value:
          p.action === "set_priority"
            ? t(`priority.${p.value as "high"}`)
            : p.action === "offer_coupon"
              ? yuan(t, p.value)
              : p.value,
      }),
  }),
  // A rule's reply template, sent to the customer at intake.
  rule_reply: entry({
    customerVisible: true,
    payload: z.object({ rule: z.string(), version: z.number().int(), template: z.string(), text: z.string() }),
    staff: (t, p) => t("staffTimeline.rule_reply", { rule: p.rule, version: p.version, template: p.template }),
    customer: (t, p) => t("timeline.rule_reply", { text: p.text }),
  }),
} satisfies { [K in TimelineKind]: Entry<z.ZodType> };

export type TimelinePayload<K extends TimelineKind> = z.input<(typeof TIMELINE_EVENTS)[K]["payload"]>;

/** A timeline entry about to be written, its visibility taken from the catalogue. */
export type NewTimelineEvent = { kind: TimelineKind; customerVisible: boolean; payload: Record<string, unknown> };

export function timelineEvent<K extends TimelineKind>(kind: K, payload: TimelinePayload<K>): NewTimelineEvent {
  return { kind, customerVisible: TIMELINE_EVENTS[kind].customerVisible, payload: payload as Record<string, unknown> };
}

/** The rows for `complaintEvent.createMany`: one actor, one instant, several entries. */
export function timelineRows({
  complaintId,
  at,
  actor,
  events,
}: {
  complaintId: string;
  at: Date;
  actor: { type: ActorType; id?: string | null };
  events: NewTimelineEvent[];
}) {
  return events.map((event) => ({
    complaintId,
    at,
    actorType: actor.type,
    actorId: actor.id ?? null,
    kind: event.kind,
    customerVisible: event.customerVisible,
    payload: event.payload as object,
  }));
}

type StoredEvent = { kind: TimelineKind; payload: unknown };

function render(event: StoredEvent, reader: "staff" | "customer", t: Translator): string | null {
  const definition: Entry<z.ZodType> = TIMELINE_EVENTS[event.kind];
  const parsed = definition.payload.safeParse(event.payload);
  // A payload that no longer fits its schema (written by an older version) still shows its kind.
  if (!parsed.success) return null;
  return reader === "staff" ? definition.staff(t, parsed.data) : (definition.customer?.(t, parsed.data) ?? null);
}

/** One customer-visible entry in the reader's language. */
export function customerTimelineText({ t, event }: { t: Translator; event: StoredEvent }): string {
  return render(event, "customer", t) ?? event.kind;
}

/** One entry as staff read it (internal entries included) in their language. */
export function staffTimelineText({ t, event }: { t: Translator; event: StoredEvent }): string {
  return render(event, "staff", t) ?? event.kind;
}

/** The free text an entry carries (reply, note, question, answer, reason), shown under its title. */
export function timelineDetail(event: { payload: unknown }): string | null {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  for (const key of ["text", "note", "reason"] as const)
    if (typeof payload[key] === "string" && payload[key]) return payload[key];
  return null;
}

/** "¥10.00 优惠券" / "100 积分" / "退款 ¥25.80" in the reader's language. */
export function compensationText({
  t,
  type,
  amount,
}: {
  t: Translator;
  type: z.infer<typeof compensationType>;
  amount: string;
}): string {
  if (type === "points") return `${Math.round(Number(amount))} ${t("compensation.type.points")}`;
  return `${yuan(t, amount)} ${t(`compensation.type.${type}`)}`;
}
