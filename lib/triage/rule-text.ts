import { categoryKey } from "../complaints/vocabulary/label-keys";
import { DEFAULT_LOCALE, isLocale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import { formatYuan } from "../money";
import type { HandlingRule } from "./handling-rules";

/**
 * A rule in words, in the reader's language: its conditions, then what it does ("late_coupon:
 * 配送延迟，签收 48 小时内 → 发放 ¥5.00 优惠券（7 天有效）"). Groups and templates by their names.
 */
export function ruleSentence({
  rule: { code, when, then },
  locale: requested,
  names,
}: {
  rule: HandlingRule;
  locale: string;
  names: { groups: { code: string; name: string }[]; templates: { code: string; title: string }[] };
}): string {
  const locale = isLocale(requested) ? requested : DEFAULT_LOCALE;
  const all = translatorFor(locale);
  const t = (key: string, values?: Record<string, string | number>) =>
    all(`admin.rules.${key}` as "admin.rules.sentence", values as Record<string, string>);
  const list = (items: string[], type: Intl.ListFormatType = "conjunction") =>
    new Intl.ListFormat(locale, { type }).format(items);
  const money = (fen: number) => formatYuan(fen, locale);
  const conditions = [
    list(when.categories.map((c) => all(categoryKey(c)))),
    when.orderStatuses ? t("cond.statuses", { list: list(when.orderStatuses.map((s) => t(`statuses.${s}`))) }) : null,
    when.atLeastOrderAmountFen !== undefined ? t("cond.atLeast", { amount: money(when.atLeastOrderAmountFen) }) : null,
    when.belowOrderAmountFen !== undefined ? t("cond.below", { amount: money(when.belowOrderAmountFen) }) : null,
    when.tiers ? t("cond.tiers", { list: list(when.tiers.map((tier) => t(`tierNames.${tier}`))) }) : null,
    when.textSignals
      ? t("cond.signals", {
          list: list(
            when.textSignals.map((s) => all(`triageReasons.${s}` as "triageReasons.vip")),
            "disjunction",
          ),
        })
      : null,
    when.minRecentComplaints !== undefined ? t("cond.recent", { n: when.minRecentComplaints }) : null,
    when.maxLastCsat !== undefined ? t("cond.lastCsat", { n: when.maxLastCsat }) : null,
    when.maxHoursSinceDelivery !== undefined ? t("cond.deliveredWithin", { n: when.maxHoursSinceDelivery }) : null,
    when.minHoursSinceDelivery !== undefined ? t("cond.deliveredAfter", { n: when.minHoursSinceDelivery }) : null,
  ].filter((part): part is string => part !== null);
  const action =
    then.type === "offer_coupon"
      ? t("do.offer_coupon", { amount: money(then.amountFen), days: then.validDays })
      : then.type === "offer_points"
        ? t("do.offer_points", { points: then.points })
        : then.type === "set_priority"
          ? t("do.set_priority", { priority: all(`priority.${then.priority}`) })
          : then.type === "route_to_group"
            ? t("do.route_to_group", { group: names.groups.find((g) => g.code === then.group)?.name ?? then.group })
            : then.type === "reply_template"
              ? t("do.reply_template", {
                  template: names.templates.find((tpl) => tpl.code === then.template)?.title ?? then.template,
                })
              : t("do.refund_order");
  return t("sentence", { code, conditions: conditions.join(t("cond.separator")), action });
}
