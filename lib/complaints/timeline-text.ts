import { formatYuan } from "../money";
import type { Translator } from "../i18n/translator";
import { isCategory } from "./taxonomy";

/** One customer-visible timeline entry in the reader's language. */
export function timelineText({ t, kind, payload }: { t: Translator; kind: string; payload: Record<string, unknown> }): string {
  switch (kind) {
    case "submitted":
      return t("timeline.submitted", { category: isCategory(payload.category) ? t(`taxonomy.${payload.category}`) : String(payload.category) });
    case "auto_refund":
      return t("timeline.auto_refund", { amount: formatYuan(Number(payload.amountFen)) });
    case "status_changed":
      return t("timeline.status_changed", { status: t(`status.${String(payload.to)}` as "status.new") });
    case "reply":
      return t("timeline.reply", { text: String(payload.text ?? "") });
    default:
      return kind;
  }
}
