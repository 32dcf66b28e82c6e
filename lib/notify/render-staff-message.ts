import { DEFAULT_LOCALE, type Locale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import type { OutgoingMessage } from "./channels/send-result";
import { categoryKey, priorityKey } from "../complaints/vocabulary/label-keys";
import { groupName } from "../staff/handling-groups";
import type { SlaKind } from "../complaints/vocabulary/terms";

export type StaffNoticeFacts = {
  complaintId: string;
  category: string;
  priority: string;
  /** The handling group, named in the channel's language. */
  group: { code: string; names: unknown };
  assigneeName: string | null;
  kind: SlaKind;
  dueAt: Date;
  minutesLeft?: number;
  escalatedTo?: string | null;
  link: string;
};

/** A robot message for an ops group, in its channel's language: markdown for the robots, plain text for SMS. */
export function renderStaffMessage({
  topic,
  facts,
  locale = DEFAULT_LOCALE,
}: {
  topic: "sla_warning" | "sla_breached";
  facts: StaffNoticeFacts;
  locale?: Locale;
}): OutgoingMessage {
  const t = translatorFor(locale);
  const kind = t(`staffTimeline.slaKinds.${facts.kind}`);
  const title =
    topic === "sla_warning"
      ? t("notify.slaWarningTitle", { kind, minutes: facts.minutesLeft ?? 0 })
      : t("notify.slaBreachedTitle", { kind });
  const lines = [
    `${t("notify.complaint")}: ${t(categoryKey(facts.category))} · ${t(priorityKey(facts.priority))} · ${groupName({ ...facts.group, locale })}`,
    `${t("notify.assignee")}: ${facts.assigneeName ?? t("admin.detail.unassigned")}`,
    `${t("notify.dueAt")}: ${facts.dueAt.toLocaleString(locale, { timeZone: "Asia/Shanghai", hour12: false })}`,
    ...(topic === "sla_breached" && facts.escalatedTo ? [`${t("notify.escalatedTo")}: ${facts.escalatedTo}`] : []),
  ];
  return {
    title,
    markdown: [`### ${title}`, ...lines.map((l) => `> ${l}`), `[${t("notify.open")}](${facts.link})`].join("\n"),
    text: `${title}${t("notify.separator")}${lines.join(t("notify.separator"))} ${facts.link}`,
  };
}
