import { getTranslations } from "next-intl/server";
import { KeywordCloud } from "@/components/dashboard/keyword-cloud";
import { queueQueryString } from "@/lib/complaints/queue/queue-filter";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { listReports } from "@/lib/reports/list-reports";
import type { WeeklyReportData } from "@/lib/reports/weekly-report";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

const day = (d: Date) => d.toLocaleDateString("zh-CN", { timeZone: "Asia/Shanghai" });
const isoDay = (d: Date) => d.toLocaleDateString("sv-SE", { timeZone: "Asia/Shanghai" });
const pct = (n: number | null) => (n === null ? "—" : `${Math.round(n * 1000) / 10}%`);

export default async function ReportsPage() {
  const actor = await requireStaffPage("page.reports", "/admin/reports");
  const [reports, t] = await Promise.all([listReports({ db, actor }), getTranslations()]);
  const cat = (c: string) => t(categoryKey(c));
  return (
    <section className="space-y-4">
      <h1 className="text-xl font-semibold">{t("admin.reportsPage.title")}</h1>
      {reports.length === 0 ? <p className="text-gray-500">{t("admin.reportsPage.none")}</p> : null}
      {reports.map((report) => {
        const period = t("admin.reportsPage.period", {
          from: day(report.periodStart),
          to: day(new Date(report.periodEnd.getTime() - 1)),
        });
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
            <p>{t("reports.total", { count: data.total, previous: data.previousTotal })}</p>
            <p>
              <b>{t("reports.topByVolume")}</b>：
              {data.topByVolume.map((r) => `${cat(r.category)} ${r.count}`).join("、") || "—"}
            </p>
            <p>
              <b>{t("reports.topByGrowth")}</b>：
              {data.topByGrowth.map((r) => `${cat(r.category)} +${r.growth}`).join("、") || "—"}
            </p>
            <p>
              <b>{t("reports.topProducts")}</b>：{data.topProducts.map((p) => `${p.name} ${p.count}`).join("、") || "—"}
            </p>
            <div>
              <b>{t("reports.topKeywords")}</b>
              <KeywordCloud
                emptyLabel="—"
                words={data.topKeywords.map((k) => ({
                  ...k,
                  href: `/admin/complaints?${queueQueryString({ q: k.keyword, from: isoDay(report.periodStart), to: isoDay(new Date(report.periodEnd.getTime() - 1)) })}`,
                }))}
              />
            </div>
            <p>
              <b>{t("reports.handling")}</b>：
              {t("reports.handlingLine", {
                first: data.handling.firstResponseMinutesMedian ?? "—",
                resolution: data.handling.resolutionHoursMedian ?? "—",
              })}
            </p>
            <p>
              <b>{t("reports.slaBreachRate")}</b>：{pct(data.slaBreachRate)}　<b>CSAT</b>：{pct(data.csat)}　<b>NPS</b>
              ：{data.nps ?? "—"}
            </p>
          </article>
        );
      })}
    </section>
  );
}
