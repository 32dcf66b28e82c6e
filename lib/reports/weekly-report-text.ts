import { categoryKey } from "../complaints/vocabulary/label-keys";
import type { Locale } from "../i18n/config";
import { translatorFor } from "../i18n/translator";
import type { WeeklyReportData } from "./weekly-report";

const SHANGHAI = "Asia/Shanghai";

/** A report period's first and last day, as a reader of `locale` writes dates (the period ends exclusive). */
export function reportPeriodDays({ start, end, locale }: { start: Date; end: Date; locale: Locale }) {
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: SHANGHAI });
  return { from: day.format(start), to: day.format(new Date(end.getTime() - 1)) };
}

/**
 * The weekly report's lines in one language — the reports page and the robots read the same
 * words, dates, numbers and lists as their reader writes them (12,3 % in Spanish, 芒果、榴莲和苹果 in Chinese).
 */
export function weeklyReportText({
  data,
  start,
  end,
  locale,
}: {
  data: WeeklyReportData;
  start: Date;
  end: Date;
  locale: Locale;
}) {
  const t = translatorFor(locale);
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const listFormat = new Intl.ListFormat(locale, { type: "conjunction" });
  const list = (items: string[]) => (items.length ? listFormat.format(items) : "—");
  const orDash = (value: number | null, format: Intl.NumberFormat) => (value === null ? "—" : format.format(value));
  const cat = (category: string) => t(categoryKey(category));
  const dayFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: SHANGHAI });
  return {
    title: t("reports.weeklyTitle", reportPeriodDays({ start, end, locale })),
    total: t("reports.total", { count: number.format(data.total), previous: number.format(data.previousTotal) }),
    lines: [
      {
        label: t("reports.topByVolume"),
        value: list(data.topByVolume.map((r) => `${cat(r.category)} ${number.format(r.count)}`)),
      },
      {
        label: t("reports.topByGrowth"),
        value: list(data.topByGrowth.map((r) => `${cat(r.category)} +${number.format(r.growth)}`)),
      },
      {
        label: t("reports.topProducts"),
        value: list(data.topProducts.map((p) => `${p.name} ${number.format(p.count)}`)),
      },
    ],
    // 芒果（商品）、发霉（问题）、上海（地区）、包装: the kind where it says more than the word.
    keywords: {
      label: t("reports.topKeywords"),
      value: list(
        data.topKeywords.map((k) =>
          k.kind && k.kind !== "word"
            ? t("reports.keywordWithKind", { keyword: k.keyword, kind: t(`reports.keywordKinds.${k.kind}`) })
            : k.keyword,
        ),
      ),
    },
    suggestions: data.suggestions
      ? {
          label: t("reports.suggestions"),
          value: [
            t("reports.suggestionsLine", {
              total: number.format(data.suggestions.total),
              thanked: number.format(data.suggestions.thanked),
            }),
            ...(data.suggestions.byTag.length
              ? [
                  list(
                    data.suggestions.byTag.map(
                      (r) => `${t(`suggestions.tags.${r.tag}` as "suggestions.tags.other")} ${number.format(r.count)}`,
                    ),
                  ),
                ]
              : []),
          ].join(t("reports.colon")),
        }
      : null,
    // Improvement plans (lib/plans): those still open with their due day, those whose result came in this week.
    plans: [
      ...(data.plans?.open.length
        ? [
            {
              label: t("reports.plansOpen"),
              value: list(
                data.plans.open.map((p) =>
                  t("reports.planDue", { action: p.action, due: dayFormat.format(new Date(p.dueAt)) }),
                ),
              ),
            },
          ]
        : []),
      ...(data.plans?.verified.length
        ? [
            {
              label: t("reports.plansVerified"),
              value: list(
                data.plans.verified.map((p) =>
                  t("reports.planVerdict", {
                    action: p.action,
                    verdict: t(`plans.verdicts.${p.verdict ?? "no_data"}` as "plans.verdicts.no_data"),
                  }),
                ),
              ),
            },
          ]
        : []),
    ],
    handling: {
      label: t("reports.handling"),
      value: t("reports.handlingLine", {
        first: orDash(data.handling.firstResponseMinutesMedian, number),
        resolution: orDash(data.handling.resolutionHoursMedian, number),
      }),
    },
    scores: [
      { label: t("reports.slaBreachRate"), value: orDash(data.slaBreachRate, percent) },
      { label: "CSAT", value: orDash(data.csat, percent) },
      { label: "NPS", value: orDash(data.nps, number) },
    ],
    colon: t("reports.colon"),
    open: t("reports.open"),
  };
}
