import Link from "next/link";
import { redirect } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { KeywordCloud } from "@/components/dashboard/keyword-cloud";
import { CategoryDonut } from "@/components/dashboard/category-donut";
import { DashboardFilters } from "@/components/dashboard/dashboard-filters";
import { DataTable } from "@/components/dashboard/data-table";
import { RateTable } from "@/components/dashboard/rate-tables";
import { TrendChart } from "@/components/dashboard/trend-chart";
import { can } from "@/lib/auth/permissions";
import { getStaffActor, requireStaffPage } from "@/lib/auth/staff-session";
import { loadDashboard } from "@/lib/dashboard/dashboard-data";
import { dashboardView } from "@/lib/dashboard/dashboard-view";
import { dashboardQueryString, parseDashboardFilter } from "@/lib/dashboard/dashboard-filter";
import { MIN_PRODUCT_ORDERS, TOP_PRODUCTS } from "@/lib/dashboard/complaint-rates";
import { db } from "@/lib/db";
import { groupNamesByCode } from "@/lib/staff/handling-groups";
import { timedLoad } from "@/lib/metrics/registry";
import { categoryGroupKey, categoryKey } from "@/lib/complaints/vocabulary/label-keys";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function DashboardPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  // /admin is every staff member's home: those without the dashboard start at the queue.
  const viewer = await getStaffActor();
  if (viewer && !can(viewer.role, "page.dashboard")) redirect("/admin/complaints");
  const { filter, ignored, error } = parseDashboardFilter(params);
  const actor = await requireStaffPage("page.dashboard", `/admin?${dashboardQueryString(filter)}`);
  const [data, groupNames, t, all, format] = await Promise.all([
    timedLoad("page:/admin", () => loadDashboard({ db, actor, filter })),
    getLocale().then((locale) => groupNamesByCode({ db, locale })),
    getTranslations("admin.dashboard"),
    getTranslations(),
    getFormatter(),
  ]);

  const view = dashboardView({
    data,
    filter,
    labels: {
      category: (c) => all(categoryKey(c)),
      group: (g) => all(categoryGroupKey(g)),
      minutes: (value) => t("minutes", { value }),
      hours: (value) => t("hours", { value }),
      basedOn: (count) => t("basedOn", { count }),
      percent: (share) => format.number(share, { style: "percent", maximumFractionDigits: 1 }),
      stars: (average) =>
        t("ratings.average", { value: format.number(average, { minimumFractionDigits: 1, maximumFractionDigits: 2 }) }),
      tier: (tier) => t(`tiers.${tier as "normal" | "vip"}`),
      perThousand: (rate) => format.number(rate, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    },
  });
  const { kpis, charts, groups, categories, ratings, rates } = view;

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
      <DashboardFilters filter={filter} regions={view.regions} groups={groupNames} />

      <ul className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-7">
        {kpis.map((k) => (
          <li key={k.key}>
            <Link
              href={k.href}
              className="block rounded-lg bg-white p-3 shadow hover:ring-2 hover:ring-brand"
              data-testid={`kpi-${k.key}`}
              data-count={k.count}
            >
              <span className="block text-xs text-gray-500">{t(`kpis.${k.key}`)}</span>
              <span className="block text-lg font-semibold">{k.value}</span>
              <span className="block text-xs text-gray-500">{t("basedOn", { count: k.count })}</span>
            </Link>
          </li>
        ))}
        <li className="rounded-lg bg-white p-3 shadow" data-testid="kpi-selfServes" title={t("selfServesHint")}>
          <span className="block text-xs text-gray-500">{t("kpis.selfServes")}</span>
          <span className="block text-lg font-semibold">{view.selfServes}</span>
          <span className="block text-xs text-gray-500">{t("selfServesHint")}</span>
        </li>
        <li>
          <Link
            href={`/admin/suggestions?${new URLSearchParams(
              Object.entries({ from: filter.from, to: filter.to, tier: filter.tier, region: filter.region }).filter(
                (entry): entry is [string, string] => typeof entry[1] === "string",
              ),
            )}`}
            className="block rounded-lg bg-white p-3 shadow hover:ring-2 hover:ring-brand"
            data-testid="kpi-suggestions"
            data-count={view.suggestions.total}
          >
            <span className="block text-xs text-gray-500">{t("kpis.suggestions")}</span>
            <span className="block text-lg font-semibold">{view.suggestions.total}</span>
            <span className="block text-xs text-gray-500">
              {t("suggestionsHint", { thanked: view.suggestions.thanked })}
            </span>
          </Link>
        </li>
        <li>
          <Link
            href={ratings.href}
            className="block rounded-lg bg-white p-3 shadow hover:ring-2 hover:ring-brand"
            data-testid="kpi-ratings"
            data-count={ratings.count}
          >
            <span className="block text-xs text-gray-500">{t("ratings.kpi")}</span>
            <span className="block text-lg font-semibold">{ratings.average}</span>
            <span className="block text-xs text-gray-500">
              {t("ratings.hint", { count: ratings.count, low: ratings.complaints })}
            </span>
          </Link>
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
                    <Link
                      key={grain}
                      href={`/admin?${dashboardQueryString({ ...filter, grain })}`}
                      aria-current={grain === filter.grain ? "true" : undefined}
                      className={`rounded-full border px-2 py-0.5 ${grain === filter.grain ? "border-brand text-brand" : "border-gray-300"}`}
                    >
                      {t(`grains.${grain}`)}
                    </Link>
                  ))}
                </nav>
              ) : null}
            </div>
            <TrendChart
              kind={chart.kind}
              points={chart.points}
              domain={"domain" in chart ? [...chart.domain] : undefined}
              name={t(`charts.${chart.key}`)}
              countLabel={t("n")}
              testId={`chart-${chart.key}`}
            />
            <DataTable
              testId={`table-${chart.key}`}
              label={t("data")}
              rows={chart.points.map((p) => ({
                label: p.label,
                value: p.value === null ? "—" : String(p.value),
                count: p.count,
                href: p.href,
              }))}
              countLabel={t("n")}
            />
          </article>
        ))}
        <article className="rounded-lg bg-white p-3 shadow">
          <h2 className="mb-2 font-medium">{t("charts.categories")}</h2>
          {categories.length ? (
            <CategoryDonut groups={groups} categories={categories} />
          ) : (
            <p className="text-sm text-gray-500">{t("empty")}</p>
          )}
          <DataTable
            testId="table-categories"
            label={t("data")}
            rows={[...groups, ...categories].map((s) => ({
              key: s.key,
              label: s.label,
              value: String(s.value),
              count: s.value,
              href: s.href,
            }))}
            countLabel={t("n")}
          />
        </article>
        <article className="rounded-lg bg-white p-3 shadow" data-testid="ratings-panel">
          <h2 className="mb-2 font-medium">{t("ratings.byMonth")}</h2>
          <TrendChart
            kind="line"
            points={ratings.byMonth}
            domain={[0, 5]}
            name={t("ratings.byMonth")}
            countLabel={t("n")}
            testId="chart-ratings"
          />
          {(["byRegion", "byTier", "byProduct"] as const).map((key) => (
            <div key={key} className="mt-3">
              <h3 className="text-sm font-medium">{t(`ratings.${key}`)}</h3>
              <DataTable
                testId={`table-ratings-${key}`}
                label={t(`ratings.${key}`)}
                rows={ratings[key]}
                countLabel={t("n")}
              />
            </div>
          ))}
        </article>
        <article className="rounded-lg bg-white p-3 shadow" data-testid="rates-panel">
          <h2 className="mb-1 font-medium">{t("rates.title")}</h2>
          <p className="text-sm">
            <Link
              href={rates.total.href}
              className="text-brand"
              data-testid="rates-total"
              data-count={rates.total.complaints}
            >
              {t("rates.total", {
                rate: rates.total.rate,
                complaints: rates.total.complaints,
                orders: rates.total.orders,
              })}
            </Link>
          </p>
          <p className="mt-1 text-xs text-gray-500">{t("rates.note")}</p>
          {rates.ignored.length ? (
            <p
              role="status"
              className="mt-1 rounded bg-amber-50 p-1 text-xs text-amber-800"
              data-testid="rates-ignored"
            >
              {t("rates.ignoredFilters")}
            </p>
          ) : null}
          {(
            [
              ["byCategory", "category", t("rates.byCategory")],
              ["byRegion", "region", t("rates.byRegion")],
              ["byProduct", "product", t("rates.byProduct", { count: TOP_PRODUCTS })],
            ] as const
          ).map(([key, name, title]) => (
            <RateTable
              key={key}
              title={title}
              rows={rates[key]}
              columns={{
                name: t(`rates.${name}`),
                rate: t("rates.rate"),
                complaints: t("rates.complaints"),
                orders: t("rates.orders"),
              }}
              fewOrders={t("rates.fewOrders", { min: MIN_PRODUCT_ORDERS })}
              emptyLabel={t("rates.empty")}
              testId={`rates-${key}`}
            />
          ))}
        </article>
        <article className="rounded-lg bg-white p-3 shadow">
          <h2 className="mb-2 font-medium">{t("charts.keywords")}</h2>
          <KeywordCloud emptyLabel={t("empty")} words={view.keywords} />
        </article>
      </div>
    </section>
  );
}
