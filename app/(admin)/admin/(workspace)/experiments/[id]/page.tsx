import Link from "next/link";
import { notFound } from "next/navigation";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { SmallAction } from "@/components/admin/small-action";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import type { ExperimentMetric } from "@/lib/complaints/vocabulary/terms";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { experimentResults } from "@/lib/experiments/experiment-results";
import type { Interval } from "@/lib/experiments/experiment-stats";
import { formatYuan } from "@/lib/money";
import { isUuid } from "@/lib/validation";
import { shipExperimentAction, stopExperimentAction } from "../actions";

/** An experiment's results: per arm n, the metric with its interval, the difference from the control and its test. */
export default async function ExperimentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireStaffPage("page.experiments", `/admin/experiments/${id}`);
  if (!isUuid(id)) notFound();
  const results = await experimentResults({ db, actor, experimentId: id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const [t, all, format, locale] = [
    await getTranslations("admin.experiments"),
    await getTranslations(),
    await getFormatter(),
    await getLocale(),
  ];
  const { experiment, arms, metricKind, tooSmall } = results;
  const metric = experiment.metric as ExperimentMetric;
  // Rates as percentages; CSAT and hours as numbers; compensation as money.
  const value = (v: number | null, signed = false) => {
    if (v === null || Number.isNaN(v)) return "—";
    const sign = signed && v > 0 ? "+" : "";
    if (metricKind === "rate") return `${sign}${format.number(v, { style: "percent", maximumFractionDigits: 1 })}`;
    if (metric === "compensation_yuan") return `${sign}${formatYuan(Math.round(v * 100), locale)}`;
    return `${sign}${format.number(v, { maximumFractionDigits: 2 })}`;
  };
  const interval = (ci: Interval | null, signed = false) =>
    ci ? `${value(ci.low, signed)} … ${value(ci.high, signed)}` : "—";
  const manage = can(actor.role, "experiments.manage");
  const audience = [
    experiment.tiers.length
      ? format.list(experiment.tiers.map((tier) => all(`admin.rules.tierNames.${tier}` as "admin.rules.tierNames.vip")))
      : null,
    experiment.regions.length ? format.list(experiment.regions) : null,
    experiment.categories.length ? format.list(experiment.categories.map((c) => all(categoryKey(c)))) : null,
  ].filter(Boolean);

  return (
    <section className="space-y-4" data-testid="experiment-results" data-status={experiment.status}>
      <Link href="/admin/experiments" className="text-sm text-gray-600 underline">
        {t("back")}
      </Link>
      <div>
        <h1 className="text-xl font-semibold">{experiment.name}</h1>
        <p className="text-sm text-gray-600">
          {t("summary", {
            variable: t(`variables.${experiment.variable}` as "variables.reply_template"),
            target: experiment.target,
            metric: t(`metrics.${metric}`),
            share: format.number(experiment.sharePercent / 100, { style: "percent" }),
            status: t(`statuses.${experiment.status}` as "statuses.running"),
          })}
          {experiment.winnerArm ? ` · ${t("winner", { arm: experiment.winnerArm })}` : ""}
        </p>
        <p className="text-sm text-gray-600">
          {t("audience", { audience: audience.length ? format.list(audience as string[]) : t("everyone") })} ·{" "}
          {t("startedBy", {
            name: experiment.createdBy.name,
            at: format.dateTime(experiment.startedAt, { dateStyle: "short", timeStyle: "short" }),
          })}
        </p>
      </div>
      {tooSmall ? (
        <p className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-800" role="status" data-testid="too-small">
          {t("tooSmall", { min: experiment.minSamplePerArm })}
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="experiment-arms">
          <thead className="text-gray-500">
            <tr>
              <th className="px-3 py-2">{t("arm")}</th>
              <th className="px-3 py-2">{t("exposedCustomers")}</th>
              <th className="px-3 py-2">{t("n")}</th>
              <th className="px-3 py-2">{t(`metrics.${metric}`)}</th>
              <th className="px-3 py-2">{t("ci")}</th>
              <th className="px-3 py-2">{t("difference")}</th>
              <th className="px-3 py-2">{t("pValue")}</th>
              {manage && experiment.status !== "shipped" ? <th className="px-3 py-2" /> : null}
            </tr>
          </thead>
          <tbody>
            {arms.map((arm) => (
              <tr
                key={arm.key}
                className="border-t border-gray-100 align-top"
                data-arm={arm.key}
                data-n={arm.summary.n}
              >
                <td className="px-3 py-2">
                  <span className="font-medium">
                    {arm.control ? t("controlArm", { arm: arm.key }) : t("variant", { arm: arm.key })}
                  </span>
                  {arm.control ? null : (
                    <span className="mt-1 block max-w-xs whitespace-pre-wrap text-xs text-gray-600">
                      {arm.sla
                        ? t("slaArm", arm.sla)
                        : arm.form
                          ? t(`layouts.${arm.form as "flat"}`)
                          : arm.offer
                            ? arm.offer.type === "offer_coupon"
                              ? t("couponOffer", {
                                  amount: formatYuan(arm.offer.amountFen, locale),
                                  days: arm.offer.validDays,
                                })
                              : t("pointsOffer", { points: arm.offer.points })
                            : (arm.bodies[locale] ?? arm.bodies["zh-CN"])}
                    </span>
                  )}
                </td>
                <td className="px-3 py-2">{arm.exposed}</td>
                <td className="px-3 py-2">{arm.summary.n}</td>
                <td className="px-3 py-2">{value(arm.summary.value)}</td>
                <td className="px-3 py-2">{interval(arm.summary.ci)}</td>
                <td className="px-3 py-2">
                  {arm.comparison
                    ? `${value(arm.comparison.difference, true)} (${interval(arm.comparison.ci, true)})`
                    : "—"}
                </td>
                <td className="px-3 py-2">
                  {arm.comparison
                    ? `${format.number(arm.comparison.pValue, { maximumSignificantDigits: 2 })}${arm.comparison.significant ? ` · ${t("significant")}` : ""}`
                    : "—"}
                </td>
                {manage && experiment.status !== "shipped" ? (
                  <td className="px-3 py-2">
                    <SmallAction
                      action={shipExperimentAction}
                      fields={{ experimentId: experiment.id, arm: arm.key }}
                      label={t("ship", { arm: arm.key })}
                      testId={`ship-${arm.key}`}
                    />
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-xs text-gray-500">{t(metricKind === "rate" ? "methodRate" : "methodMean")}</p>
      {manage && experiment.status === "running" ? (
        <SmallAction
          action={stopExperimentAction}
          fields={{ experimentId: experiment.id }}
          label={t("stop")}
          testId="stop-experiment"
        />
      ) : null}
    </section>
  );
}
