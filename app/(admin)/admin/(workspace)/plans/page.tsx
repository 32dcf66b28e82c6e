import { randomUUID } from "node:crypto";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { CategorySelect } from "@/components/admin/category-select";
import { EditForm } from "@/components/admin/edit-form";
import { listVisibleStaff } from "@/lib/auth/list-staff";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { isCategory } from "@/lib/complaints/vocabulary/taxonomy";
import { PLAN_METRICS, PLAN_WINDOWS, type PlanMetric } from "@/lib/complaints/vocabulary/terms";
import { db } from "@/lib/db";
import type { Locale } from "@/lib/i18n/config";
import { listPlans } from "@/lib/plans/manage-plans";
import type { PlanResult } from "@/lib/plans/plan-results";
import { planMetricValue } from "@/lib/plans/plan-text";
import { addDays, shanghaiToday } from "@/lib/shanghai-day";
import { isUuid } from "@/lib/validation";
import { createPlanAction } from "./actions";

const box = "rounded border border-gray-300 px-2 py-1";
const one = (v: string | string[] | undefined) => (typeof v === "string" ? v : undefined);

/**
 * Improvement plans: open ones (soonest due first) and those with a result; the form to make one,
 * prefilled when it is opened from a weekly report's top-3 item (?reportId, rank, category).
 */
export default async function PlansPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaffPage("page.plans", "/admin/plans");
  const params = await searchParams;
  const [plans, staff, t, all, format, locale] = await Promise.all([
    listPlans({ db, actor }),
    can(actor.role, "plans.manage") ? listVisibleStaff({ db, actor }) : Promise.resolve([]),
    getTranslations("plans"),
    getTranslations(),
    getFormatter(),
    getLocale(),
  ]);
  const reportId = one(params.reportId);
  const rank = one(params.rank);
  const category = one(params.category);
  const fromReport = reportId && isUuid(reportId) && rank && /^[123]$/.test(rank) ? { reportId, rank } : null;
  const day = (date: Date) => format.dateTime(date, { dateStyle: "medium", timeZone: "Asia/Shanghai" });
  return (
    <section className="space-y-4">
      <div>
        <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
      </div>
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="plans">
          <thead className="text-gray-500">
            <tr>
              <th className="px-3 py-2">{t("action")}</th>
              <th className="px-3 py-2">{t("owner")}</th>
              <th className="px-3 py-2">{t("scope")}</th>
              <th className="px-3 py-2">{t("metric")}</th>
              <th className="px-3 py-2">{t("due")}</th>
              <th className="px-3 py-2">{t("state")}</th>
            </tr>
          </thead>
          <tbody>
            {plans.map((plan) => {
              const metric = plan.metric as PlanMetric;
              const result = plan.result as PlanResult | null;
              return (
                <tr key={plan.id} className="border-t border-gray-100" data-verified={plan.verifiedAt ? "yes" : "no"}>
                  <td className="px-3 py-2">
                    <Link href={`/admin/plans/${plan.id}`} className="text-brand underline">
                      {plan.action}
                    </Link>
                  </td>
                  <td className="px-3 py-2">{plan.owner.name}</td>
                  <td className="px-3 py-2">
                    {[plan.category ? all(categoryKey(plan.category)) : null, plan.region]
                      .filter(Boolean)
                      .join(" · ") || t("everything")}
                  </td>
                  <td className="px-3 py-2">{t(`metrics.${metric}`)}</td>
                  <td className="px-3 py-2">{day(plan.dueAt)}</td>
                  <td className="px-3 py-2">
                    {result
                      ? `${planMetricValue({ metric, measure: result.before, locale: locale as Locale })} → ${planMetricValue({ metric, measure: result.after, locale: locale as Locale })} · ${t(`verdicts.${result.verdict ?? "no_data"}`)}`
                      : t(plan.dueAt <= new Date() ? "measuring" : "open")}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {plans.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("none")}</p> : null}
      </div>
      {can(actor.role, "plans.manage") ? (
        <div className="rounded-lg bg-white p-4 shadow">
          <h2 className="mb-2 font-semibold">{t("new")}</h2>
          {fromReport ? (
            <p className="mb-2 text-sm text-gray-600">{t("fromReport", { rank: fromReport.rank })}</p>
          ) : null}
          <EditForm action={createPlanAction} testId="plan-form" submitLabel={t("create")}>
            <input type="hidden" name="submissionId" value={randomUUID()} />
            {fromReport ? (
              <>
                <input type="hidden" name="reportId" value={fromReport.reportId} />
                <input type="hidden" name="reportRank" value={fromReport.rank} />
              </>
            ) : null}
            <label className="flex flex-col">
              {t("action")}
              <input name="action" required maxLength={200} placeholder={t("actionPlaceholder")} className={box} />
            </label>
            <div className="flex flex-wrap gap-3">
              <label className="flex flex-col">
                {t("owner")}
                <select name="ownerId" required defaultValue="" className={box}>
                  <option value="" disabled>
                    {t("pickOwner")}
                  </option>
                  {staff.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name} · {all(`admin.roles.${s.role}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("metric")}
                <select name="metric" defaultValue="" className={box}>
                  <option value="" disabled>
                    {t("pickMetric")}
                  </option>
                  {PLAN_METRICS.map((m) => (
                    <option key={m} value={m}>
                      {t(`metrics.${m}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("category")}
                <CategorySelect
                  name="category"
                  defaultValue={category && isCategory(category) ? category : ""}
                  emptyLabel={t("allCategories")}
                  className={box}
                />
              </label>
              <label className="flex flex-col">
                {t("region")}
                <input name="region" maxLength={40} placeholder={t("regionPlaceholder")} className={box} />
              </label>
              <label className="flex flex-col">
                {t("window")}
                <select name="windowDays" defaultValue="14" className={box}>
                  {PLAN_WINDOWS.map((w) => (
                    <option key={w} value={w}>
                      {t("days", { days: w })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("dueDay")}
                <input
                  name="dueDay"
                  type="date"
                  required
                  min={shanghaiToday(new Date())}
                  defaultValue={addDays(shanghaiToday(new Date()), 14)}
                  className={box}
                />
              </label>
            </div>
            <p className="text-xs text-gray-500">{t("windowHint")}</p>
          </EditForm>
        </div>
      ) : null}
    </section>
  );
}
