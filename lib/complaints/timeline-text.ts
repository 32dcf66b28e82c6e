import { formatYuan } from "../money";
import type { Translator } from "../i18n/translator";
import { isCategory } from "./taxonomy";

/** One customer-visible timeline entry in the reader's language. */
export function timelineText({ t, kind, payload }: { t: Translator; kind: string; payload: Record<string, unknown> }): string {
  switch (kind) {
    case "submitted":
      return t("timeline.submitted", { category: isCategory(payload.category) ? t(`taxonomy.${payload.category}`) : String(payload.category) });
    case "auto_refund":
      // Pending = asked of the shop, not yet paid: the customer is told exactly that.
      return payload.status === "pending" ? t("timeline.auto_refund_requested", { amount: formatYuan(Number(payload.amountFen)) }) : t("timeline.auto_refund", { amount: formatYuan(Number(payload.amountFen)) });
    case "status_changed":
      return t("timeline.status_changed", { status: t(`status.${String(payload.to)}` as "status.new") });
    case "reply":
      return t("timeline.reply", { text: String(payload.text ?? "") });
    case "info_requested":
      return t("timeline.info_requested", { text: String(payload.text ?? "") });
    case "escalated_notice":
      return t("timeline.escalated_notice");
    case "resolved":
      return t("timeline.resolved", { note: String(payload.note ?? "") });
    case "customer_answer":
      return t("timeline.customer_answer", { text: String(payload.text ?? "") });
    case "resolution_confirmed":
      return t("timeline.resolution_confirmed");
    case "resolution_rejected":
      return t("timeline.resolution_rejected", { reason: String(payload.reason ?? "") });
    case "compensation_claimed":
      return t("timeline.compensation_claimed", { compensation: compensationText({ t, type: String(payload.type), amount: String(payload.amount ?? "0") }) });
    case "auto_reply":
      return t("timeline.auto_reply", { question: String(payload.question ?? ""), answer: String(payload.answer ?? "") });
    case "auto_closed":
      return t("timeline.auto_closed");
    case "survey_answered":
      return t("timeline.survey_answered");
    case "churn_coupon":
      return t("timeline.churn_coupon");
    case "refund_completed":
      return t("timeline.refund_completed", { amount: formatYuan(Math.round(Number(payload.amount) * 100)) });
    default:
      return kind;
  }
}

/** "¥10.00 优惠券" / "100 积分" / "退款 ¥25.80" in the reader's language. */
export function compensationText({ t, type, amount }: { t: Translator; type: string; amount: string }): string {
  if (type === "points") return `${Math.round(Number(amount))} ${t("compensation.type.points")}`;
  const label = type === "coupon" ? t("compensation.type.coupon") : t("compensation.type.refund");
  return `${formatYuan(Math.round(Number(amount) * 100))} ${label}`;
}
