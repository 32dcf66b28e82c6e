import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { queueQueryString } from "@/lib/complaints/queue/queue-filter";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { PLAN_METRICS, type PlanMetric } from "@/lib/complaints/vocabulary/terms";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import type { Locale } from "@/lib/i18n/config";
import { getPlan } from "@/lib/plans/manage-plans";
import { planCallbacks } from "@/lib/plans/plan-callbacks";
import { planResult, type PlanResult, type PlanWindow } from "@/lib/plans/plan-results";
import { planMetricValue } from "@/lib/plans/plan-text";
import { isUuid } from "@/lib/validation";

/**
 * A plan's before and after for its scope: every metric in both windows (the primary one marked),
 * each window's complaints linked to the queue with the same filter, the verdict once the after
 * window is over (stored then, final), and what the callbacks in the scope said.
 */
export default async function PlanPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireStaffPage("page.plans", `/admin/plans/${id}`);
  if (!isUuid(id)) notFound();
  const plan = await getPlan({ db, actor, planId: id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const metric = plan.metric as PlanMetric;
  const result = (plan.result as PlanResult | null) ?? (await planResult({ db, plan: { ...plan, metric } }));
  const [t, all, format, locale, callbacks] = await Promise.all([
    getTranslations("plans"),
    getTranslations(),
    getFormatter(),
    getLocale(),
    planCallbacks({ db, actor, scope: plan, windows: result.windows }),
  ]);
  const scope =
    [plan.category ? all(categoryKey(plan.category)) : null, plan.region].filter(Boolean).join(" · ") ||
    t("everything");
  const queueLink = (window: PlanWindow) =>
    `/admin/complaints?${queueQueryString({
      ...(plan.category ? { category: [plan.category] } : {}),
      ...(plan.region ? { region: plan.region } : {}),
      from: window.from,
      to: window.to,
    })}`;
  const day = (d: string) =>
    format.dateTime(new Date(`${d}T00:00:00+08:00`), { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  const windowLabel = (w: PlanWindow) => `${day(w.from)} – ${day(w.to)}`;

  return (
    <section className="space-y-4" data-testid="plan" data-verdict={result.complete ? (result.verdict ?? "") : ""}>
      <Link href="/admin/plans" className="text-sm text-gray-600 underline">
        {t("back")}
      </Link>
      <div>
        <h1 className="text-xl font-semibold">{plan.action}</h1>
        <p className="text-sm text-gray-600">
          {t("summary", {
            owner: plan.owner.name,
            scope,
            metric: t(`metrics.${metric}`),
            due: format.dateTime(plan.dueAt, { dateStyle: "medium", timeZone: "Asia/Shanghai" }),
          })}
        </p>
        {plan.report ? (
          <p className="text-sm text-gray-600">
            {t("madeFrom", {
              week: format.dateTime(plan.report.periodStart, { dateStyle: "medium", timeZone: "Asia/Shanghai" }),
              rank: plan.reportRank ?? 1,
            })}
          </p>
        ) : null}
      </div>
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="plan-windows">
          <thead className="text-gray-500">
            <tr>
              <th className="px-3 py-2" />
              <th className="px-3 py-2">
                {t("before")}
                <span className="block text-xs font-normal">{windowLabel(result.windows.before)}</span>
              </th>
              <th className="px-3 py-2">
                {t("after")}
                <span className="block text-xs font-normal">{windowLabel(result.windows.after)}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <tr className="border-t border-gray-100" data-row="complaints">
              <td className="px-3 py-2">{t("complaints")}</td>
              <td className="px-3 py-2">
                <Link href={queueLink(result.windows.before)} className="text-brand underline" data-window="before">
                  {result.before.complaints}
                </Link>
              </td>
              <td className="px-3 py-2">
                {result.after ? (
                  <Link href={queueLink(result.windows.after)} className="text-brand underline" data-window="after">
                    {result.after.complaints}
                  </Link>
                ) : (
                  t("notStarted")
                )}
              </td>
            </tr>
            <tr className="border-t border-gray-100" data-row="orders">
              <td className="px-3 py-2">{t("orders")}</td>
              <td className="px-3 py-2">{result.before.orders}</td>
              <td className="px-3 py-2">{result.after?.orders ?? "—"}</td>
            </tr>
            {PLAN_METRICS.map((m) => (
              <tr
                key={m}
                className={`border-t border-gray-100 ${m === metric ? "bg-green-50 font-medium" : ""}`}
                data-row={m}
              >
                <td className="px-3 py-2">
                  {t(`metrics.${m}`)}
                  {m === metric ? ` · ${t("primary")}` : ""}
                </td>
                <td className="px-3 py-2">
                  {planMetricValue({ metric: m, measure: result.before, locale: locale as Locale })}
                </td>
                <td className="px-3 py-2">
                  {planMetricValue({ metric: m, measure: result.after, locale: locale as Locale })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-sm" data-testid="plan-verdict">
        {result.after === null
          ? t("waiting")
          : `${result.complete ? t("final") : t("soFar")} ${t(`verdicts.${result.verdict ?? "no_data"}`)}${
              result.comparison
                ? ` (p = ${format.number(result.comparison.pValue, { maximumSignificantDigits: 2 })})`
                : ""
            }`}
      </p>
      <p className="text-xs text-gray-500">{t("method")}</p>
      <div className="rounded-lg bg-white p-4 text-sm shadow" data-testid="plan-callbacks">
        <h2 className="mb-1 font-semibold">{t("callbacks")}</h2>
        <p>
          {t("callbackCount", { calls: callbacks.calls })}{" "}
          {format.list(
            callbacks.outcomes
              .filter((o) => o.count > 0)
              .map((o) => `${all(`admin.callbacks.outcomes.${o.outcome}`)} ${o.count}`),
          )}
        </p>
        <ul className="mt-2 list-disc pl-5">
          {callbacks.suggestions.map((s, index) => (
            <li key={index}>{s.suggestion}</li>
          ))}
        </ul>
      </div>
    </section>
  );
}
