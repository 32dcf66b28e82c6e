import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { KeywordCloud } from "@/components/charts/keyword-cloud";
import { CategoryDonut } from "@/components/dashboard/category-donut";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { TrendChart, type TrendPoint } from "@/components/dashboard/trend-chart";
import { can } from "@/lib/auth/permissions";
import { getStaffActor, requireStaffPage } from "@/lib/auth/staff-session";
import { CATEGORY_GROUPS, categoriesIn, type Category } from "@/lib/complaints/taxonomy";
import { loadDashboard, type SeriesPoint } from "@/lib/dashboard/dashboard-data";
import { dashboardQueryString, parseDashboardFilter } from "@/lib/dashboard/dashboard-filter";
import { bucketRange, drillHref, type Drill } from "@/lib/dashboard/drill-down";
import { db } from "@/lib/db";
import { timedLoad } from "@/lib/metrics/registry";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // /admin is every staff member's home: those without the dashboard start at the queue.
  const viewer = await getStaffActor();
  if (viewer && !can(viewer.role, "page.dashboard")) redirect("/admin/complaints");
  const { filter, ignored, error } = parseDashboardFilter(params);
  const actor = await requireStaffPage("page.dashboard", `/admin?${dashboardQueryString(filter)}`);
  const [data, t, all] = await Promise.all([timedLoad("page:/admin", () => loadDashboard({ db, actor, filter })), getTranslations("admin.dashboard"), getTranslations()]);

  const trend = (value: (p: SeriesPoint) => number | null, count: (p: SeriesPoint) => number, drill: Drill = {}): TrendPoint[] =>
    data.series.map((p) => ({ label: p.bucket, value: value(p), count: count(p), href: drillHref(filter, { ...drill, ...bucketRange(p.bucket, filter) }) }));
  const groups = CATEGORY_GROUPS.map((group) => {
    const members = categoriesIn(group);
    return { key: group, label: all(`taxonomy.${group}.label` as "taxonomy.product.label"), value: data.categories.filter((c) => (members as string[]).includes(c.category)).reduce((s, c) => s + c.complaints, 0), href: drillHref(filter, { group: [group] }) };
  }).filter((g) => g.value > 0);
  const categories = data.categories.map((c) => ({ key: c.category, label: all(`taxonomy.${c.category as Category}` as "taxonomy.product.quality"), value: c.complaints, href: drillHref(filter, { category: [c.category] }) }));
  const totals = data.totals;
  const percent = (n: number | null) => (n === null ? "—" : `${Math.round(n * 1000) / 10}%`);
  const kpis = [
    { key: "complaints", value: String(totals.complaints), count: totals.complaints, href: drillHref(filter) },
    { key: "firstResponse", value: totals.avgFirstResponseMinutes === null ? "—" : t("minutes", { value: totals.avgFirstResponseMinutes }), count: totals.responded, href: drillHref(filter, { has: "responded" }) },
    { key: "handling", value: totals.avgHandlingHours === null ? "—" : t("hours", { value: totals.avgHandlingHours }), count: totals.resolved, href: drillHref(filter, { has: "resolved" }) },
    { key: "breachRate", value: percent(totals.breachRate), count: totals.breached, href: drillHref(filter, { has: "breached" }) },
    { key: "csat", value: totals.csatAverage === null ? "—" : `${totals.csatAverage}/5`, count: totals.csatCount, href: drillHref(filter, { has: "surveyed" }) },
    { key: "nps", value: totals.nps === null ? "—" : String(totals.nps), count: totals.npsCount, href: drillHref(filter, { has: "nps" }) },
  ] as const;
  const charts = [
    { key: "volume", kind: "bar", points: trend((p) => p.complaints, (p) => p.complaints) },
    { key: "firstResponse", kind: "line", points: trend((p) => p.avgFirstResponseMinutes, (p) => p.responded, { has: "responded" }) },
    { key: "handling", kind: "line", points: trend((p) => p.avgHandlingHours, (p) => p.resolved, { has: "resolved" }) },
    { key: "breachRate", kind: "line", points: trend((p) => (p.breachRate === null ? null : Math.round(p.breachRate * 1000) / 10), (p) => p.breached, { has: "breached" }) },
    { key: "csat", kind: "line", points: trend((p) => p.csatAverage, (p) => p.csatCount, { has: "surveyed" }), domain: [1, 5] },
    { key: "nps", kind: "line", points: trend((p) => p.nps, (p) => p.npsCount, { has: "nps" }), domain: [-100, 100] },
  ] as const;

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <span className="text-sm text-gray-500">{t("range", { from: filter.from, to: filter.to })}</span>
      </div>
      {error ? (
        <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-700" data-testid="dashboard-error">
          {t(`errors.${error}`)}
        </p>
      ) : null}
      {ignored.length ? (
        <p role="status" className="rounded bg-amber-50 p-2 text-sm text-amber-800" data-testid="dashboard-notice">
          {t("ignored", { params: ignored.join(", ") })}
        </p>
      ) : null}
      <DashboardFilters filter={filter} regions={data.regions} />

      <ul className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-7">
        {kpis.map((k) => (
          <li key={k.key}>
            <Link href={k.href} className="block rounded-lg bg-white p-3 shadow hover:ring-2 hover:ring-brand" data-testid={`kpi-${k.key}`} data-count={k.count}>
              <span className="block text-xs text-gray-500">{t(`kpis.${k.key}`)}</span>
              <span className="block text-lg font-semibold">{k.value}</span>
              <span className="block text-xs text-gray-500">{t("basedOn", { count: k.count })}</span>
            </Link>
          </li>
        ))}
        <li className="rounded-lg bg-white p-3 shadow" data-testid="kpi-selfServes" title={t("selfServesHint")}>
          <span className="block text-xs text-gray-500">{t("kpis.selfServes")}</span>
          <span className="block text-lg font-semibold">{data.selfServes}</span>
          <span className="block text-xs text-gray-500">{t("selfServesHint")}</span>
        </li>
      </ul>

      <div className="grid gap-4 lg:grid-cols-2">
        {charts.map((chart) => (
          <article key={chart.key} className="rounded-lg bg-white p-3 shadow">
            <div className="mb-2 flex items-baseline justify-between gap-2">
              <h2 className="font-medium">{t(`charts.${chart.key}`)}</h2>
              {chart.key === "volume" ? (
                <nav className="flex gap-1 text-xs" data-testid="grain-toggle">
                  {(["day", "week", "month"] as const).map((grain) => (
                    <Link key={grain} href={`/admin?${dashboardQueryString({ ...filter, grain })}`} aria-current={grain === filter.grain ? "true" : undefined} className={`rounded-full border px-2 py-0.5 ${grain === filter.grain ? "border-brand text-brand" : "border-gray-300"}`}>
                      {t(`grains.${grain}`)}
                    </Link>
                  ))}
                </nav>
              ) : null}
            </div>
            <TrendChart kind={chart.kind} points={chart.points} domain={"domain" in chart ? [...chart.domain] : undefined} name={t(`charts.${chart.key}`)} countLabel={t("n")} testId={`chart-${chart.key}`} />
            <DataTable testId={`table-${chart.key}`} label={t("data")} rows={chart.points.map((p) => ({ label: p.label, value: p.value === null ? "—" : String(p.value), count: p.count, href: p.href }))} countLabel={t("n")} />
          </article>
        ))}
        <article className="rounded-lg bg-white p-3 shadow">
          <h2 className="mb-2 font-medium">{t("charts.categories")}</h2>
          {categories.length ? <CategoryDonut groups={groups} categories={categories} /> : <p className="text-sm text-gray-500">{t("empty")}</p>}
          <DataTable testId="table-categories" label={t("data")} rows={[...groups, ...categories].map((s) => ({ key: s.key, label: s.label, value: String(s.value), count: s.value, href: s.href }))} countLabel={t("n")} />
        </article>
        <article className="rounded-lg bg-white p-3 shadow">
          <h2 className="mb-2 font-medium">{t("charts.keywords")}</h2>
          <KeywordCloud emptyLabel={t("empty")} words={data.keywords.map((k) => ({ keyword: k.keyword, weight: k.complaints, title: t("basedOn", { count: k.complaints }), href: drillHref(filter, { keyword: k.keyword }) }))} />
        </article>
      </div>
    </section>
  );
}

/** The numbers behind a chart, as links: readable without the picture, and exact. */
function DataTable({ rows, label, countLabel, testId }: { rows: { key?: string; label: string; value: string; count: number; href: string }[]; label: string; countLabel: string; testId: string }) {
  return (
    <details className="mt-2 text-xs">
      <summary className="cursor-pointer text-gray-500">{label}</summary>
      <table className="mt-1 w-full" data-testid={testId}>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label} className="border-t border-gray-100">
              <td className="py-0.5">
                <Link href={row.href} className="text-brand" data-count={row.count} data-key={row.key}>
                  {row.label}
                </Link>
              </td>
              <td className="text-right">{row.value}</td>
              <td className="text-right text-gray-500">
                {countLabel} {row.count}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
