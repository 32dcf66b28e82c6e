import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/permissions";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { requestLocale } from "@/lib/i18n/request-locale";
import { KeywordCloud } from "@/components/dashboard/keyword-cloud";
import { queueQueryString } from "@/lib/complaints/queue/queue-filter";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { listReports } from "@/lib/reports/list-reports";
import type { WeeklyReportData } from "@/lib/reports/weekly-report";
import { reportPeriodDays, weeklyReportText } from "@/lib/reports/weekly-report-text";

const isoDay = (d: Date) => d.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });

export default async function ReportsPage() {
  const actor = await requireStaffPage("page.reports", "/admin/reports");
  const [reports, t, locale] = await Promise.all([listReports({ db, actor }), getTranslations(), requestLocale()]);
  const planning = can(actor.role, "plans.manage");
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">{t("admin.reportsPage.title")}</h1>
      {reports.length === 0 ? <p className="text-gray-500">{t("admin.reportsPage.none")}</p> : null}
      {reports.map((report) => {
        const period = t(
          "admin.reportsPage.period",
          reportPeriodDays({ start: report.periodStart, end: report.periodEnd, locale }),
        );
        if (report.kind === "monthly_callback_sample") {
          const data = report.data as { resolved: number; sampled: number };
          return (
            <article
              key={report.id}
              className="rounded-lg bg-white p-4 shadow"
              data-testid="report"
              data-kind={report.kind}
            >
              <h2 className="font-medium">
                {t("admin.reportsPage.monthly_callback_sample")} · {period}
              </h2>
              <p className="text-sm">
                {t("admin.reportsPage.sampled", { resolved: data.resolved, sampled: data.sampled })}
              </p>
            </article>
          );
        }
        const data = report.data as unknown as WeeklyReportData;
        const text = weeklyReportText({ data, start: report.periodStart, end: report.periodEnd, locale });
        const line = ({ label, value }: { label: string; value: string }) => (
          <>
            <b>{label}</b>
            {text.colon}
            {value}
          </>
        );
        return (
          <article
            key={report.id}
            className="space-y-1 rounded-lg bg-white p-4 text-sm shadow"
            data-testid="report"
            data-kind={report.kind}
          >
            <h2 className="text-base font-medium">
              {t("admin.reportsPage.weekly")} · {period}
            </h2>
            <p>{text.total}</p>
            {text.lines.map((entry) => (
              <p key={entry.label}>{line(entry)}</p>
            ))}
            {planning && data.topByVolume.length ? (
              // Each top-3 problem can become an improvement plan, its scope filled in.
              <p className="flex flex-wrap gap-x-3" data-testid="report-make-plan">
                <b>{t("admin.reportsPage.makePlan")}</b>
                {data.topByVolume.map((item, index) => (
                  <Link
                    key={item.category}
                    className="text-brand underline"
                    href={`/admin/plans?reportId=${report.id}&rank=${index + 1}&category=${item.category}`}
                  >
                    {t(categoryKey(item.category))}
                  </Link>
                ))}
              </p>
            ) : null}
            <div>
              <b>{text.keywords.label}</b>
              <KeywordCloud
                emptyLabel="—"
                words={data.topKeywords.map((k) => ({
                  ...k,
                  href: `/admin/complaints?${queueQueryString({ q: k.keyword, from: isoDay(report.periodStart), to: isoDay(new Date(report.periodEnd.getTime() - 1)) })}`,
                }))}
              />
            </div>
            <p>{line(text.handling)}</p>
            {text.suggestions ? <p data-testid="report-suggestions">{line(text.suggestions)}</p> : null}
            {text.plans.map((entry) => (
              <p key={entry.label} data-testid="report-plans">
                {line(entry)}
              </p>
            ))}
            <p className="flex flex-wrap gap-x-4" data-testid="report-scores">
              {text.scores.map((entry) => (
                <span key={entry.label}>{line(entry)}</span>
              ))}
            </p>
          </article>
        );
      })}
    </section>
  );
}
