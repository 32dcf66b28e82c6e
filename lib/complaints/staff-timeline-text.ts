import { formatYuan } from "../money";
import type { Translator } from "../i18n/translator";

type Event = { kind: string; payload: Record<string, unknown> };

/** One timeline entry as staff read it (internal entries included) in their language. */
export function staffTimelineText({ t, event }: { t: Translator; event: Event }): string {
  const p = event.payload;
  const s = (key: string) => String(p[key] ?? "");
  switch (event.kind) {
    case "submitted":
    case "info_requested":
    case "escalated_notice":
    case "customer_answer":
    case "resolution_confirmed":
    case "resolution_rejected":
    case "compensation_claimed":
    case "refund_completed":
    case "auto_closed":
    case "auto_reply":
    case "survey_answered":
    case "churn_coupon":
    case "reply":
      return t(`staffTimeline.${event.kind}`);
    case "triaged":
      return t("staffTimeline.triaged", { priority: t(`priority.${s("priority")}` as "priority.high"), urgency: Number(p.urgency ?? 0).toFixed(2) });
    case "assigned":
      return t("staffTimeline.assigned", { name: s("toName") });
    case "note":
      return t("staffTimeline.note", { name: s("authorName") });
    case "escalated":
      return t("staffTimeline.escalated", { name: s("byName"), reason: s("reason") });
    case "resolved":
      return t("staffTimeline.resolved", { outcome: t(`outcomes.${s("outcome")}` as "outcomes.refund") });
    case "status_changed":
      return t("staffTimeline.status_changed", { from: t(`status.${s("from")}` as "status.new"), to: t(`status.${s("to")}` as "status.new") });
    case "reopened":
      return t("staffTimeline.reopened", { name: s("byName"), reason: s("reason") });
    case "sla_warning":
      return t("staffTimeline.sla_warning", { kind: t(`staffTimeline.slaKinds.${s("kind")}` as "staffTimeline.slaKinds.resolution"), minutes: Number(p.minutesLeft ?? 0) });
    case "sla_breached":
      return t("staffTimeline.sla_breached", { kind: t(`staffTimeline.slaKinds.${s("kind")}` as "staffTimeline.slaKinds.resolution"), name: s("toName") || "—" });
    case "auto_refund":
      return p.status === "pending" ? t("staffTimeline.auto_refund_requested", { amount: formatYuan(Number(p.amountFen ?? 0)) }) : t("staffTimeline.auto_refund", { amount: formatYuan(Number(p.amountFen ?? 0)) });
    default:
      return event.kind;
  }
}

/** The free text an entry carries (reply, note, question, answer, reason), shown under its title. */
export function staffTimelineDetail(event: Event): string | null {
  const p = event.payload;
  for (const key of ["text", "note", "reason"] as const) if (typeof p[key] === "string" && p[key]) return p[key] as string;
  return null;
}
