import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { CategoryCheckboxes, CheckboxGroup } from "@/components/admin/checkbox-group";
import { EditForm } from "@/components/admin/edit-form";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { EXPERIMENT_METRICS, EXPERIMENT_VARIABLES, PRIORITIES, TIERS } from "@/lib/complaints/vocabulary/terms";
import { db } from "@/lib/db";
import { LOCALES } from "@/lib/i18n/config";
import {
  ARM_KEYS,
  listExperiments,
  listOfferRules,
  listTemplateTargets,
  MAX_VARIANTS,
} from "@/lib/experiments/manage-experiments";
import { formatYuan } from "@/lib/money";
import { createExperimentAction } from "./actions";

const box = "rounded border border-gray-300 px-2 py-1";

/** A/B experiments: the list with each one's state, and (for those who may) the form to start one. */
export default async function ExperimentsPage() {
  const actor = await requireStaffPage("page.experiments", "/admin/experiments");
  const locale = await getLocale();
  const [experiments, targets, offerRules, t, all, format] = await Promise.all([
    listExperiments({ db, actor }),
    listTemplateTargets({ db, actor, locale }),
    listOfferRules({ db, actor }),
    getTranslations("admin.experiments"),
    getTranslations(),
    getFormatter(),
  ]);
  return (
    <section className="space-y-4">
      <div>
        <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
      </div>
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="experiments">
          <thead className="text-gray-500">
            <tr>
              <th className="px-3 py-2">{t("name")}</th>
              <th className="px-3 py-2">{t("target")}</th>
              <th className="px-3 py-2">{t("metric")}</th>
              <th className="px-3 py-2">{t("share")}</th>
              <th className="px-3 py-2">{t("status")}</th>
              <th className="px-3 py-2">{t("exposed")}</th>
              <th className="px-3 py-2">{t("started")}</th>
            </tr>
          </thead>
          <tbody>
            {experiments.map((e) => (
              <tr key={e.id} className="border-t border-gray-100" data-status={e.status}>
                <td className="px-3 py-2">
                  <Link href={`/admin/experiments/${e.id}`} className="text-brand underline">
                    {e.name}
                  </Link>
                </td>
                <td className="px-3 py-2">
                  {t(`variables.${e.variable}` as "variables.reply_template")} ·{" "}
                  <span className="font-mono">{e.target}</span>
                </td>
                <td className="px-3 py-2">{t(`metrics.${e.metric}` as "metrics.csat")}</td>
                <td className="px-3 py-2">{format.number(e.sharePercent / 100, { style: "percent" })}</td>
                <td className="px-3 py-2">
                  {t(`statuses.${e.status}` as "statuses.running")}
                  {e.winnerArm ? ` · ${t("winner", { arm: e.winnerArm })}` : ""}
                </td>
                <td className="px-3 py-2">{e.variable === "h5_form" ? e._count.views : e._count.exposures}</td>
                <td className="px-3 py-2">
                  {format.dateTime(e.startedAt, { dateStyle: "short", timeStyle: "short" })} · {e.createdBy.name}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {experiments.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("none")}</p> : null}
      </div>
      {can(actor.role, "experiments.manage") ? (
        <div className="rounded-lg bg-white p-4 shadow">
          <h2 className="mb-2 font-semibold">{t("new")}</h2>
          <EditForm action={createExperimentAction} testId="experiment-form" submitLabel={t("start")}>
            <label className="flex flex-col">
              {t("name")}
              <input name="name" required maxLength={80} className={box} />
            </label>
            <div className="flex flex-wrap gap-3">
              <label className="flex flex-col">
                {t("variable")}
                <select name="variable" className={box}>
                  {EXPERIMENT_VARIABLES.map((v) => (
                    <option key={v} value={v}>
                      {t(`variables.${v}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("target")}
                <select name="target" defaultValue="" className={box}>
                  <option value="" disabled>
                    {t("pickTemplate")}
                  </option>
                  {targets.map((target) => (
                    <option key={target.code} value={target.code}>
                      {target.title} ({target.code})
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("targetRule")}
                <select name="targetRule" defaultValue="" className={box}>
                  <option value="">—</option>
                  {offerRules.map((rule) => (
                    <option key={rule.code} value={rule.code}>
                      {rule.code} ·{" "}
                      {rule.offer.type === "offer_coupon"
                        ? t("couponOffer", {
                            amount: formatYuan(rule.offer.amountFen, locale),
                            days: rule.offer.validDays,
                          })
                        : t("pointsOffer", { points: rule.offer.points })}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("targetPriority")}
                <select name="targetPriority" defaultValue="" className={box}>
                  <option value="">—</option>
                  {PRIORITIES.map((p) => (
                    <option key={p} value={p}>
                      {all(`priority.${p}`)}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("metric")}
                <select name="metric" className={box}>
                  {Object.keys(EXPERIMENT_METRICS).map((m) => (
                    <option key={m} value={m}>
                      {t(`metrics.${m}` as "metrics.csat")}
                    </option>
                  ))}
                </select>
              </label>
              <label className="flex flex-col">
                {t("sharePercent")}
                <input name="sharePercent" type="number" min={1} max={100} defaultValue={50} className={box} />
              </label>
              <label className="flex flex-col">
                {t("minSample")}
                <input name="minSamplePerArm" type="number" min={2} defaultValue={100} className={box} />
              </label>
            </div>
            <p className="text-xs text-gray-500">{t("audienceHint")}</p>
            <CheckboxGroup
              legend={t("tiers")}
              name="tiers"
              options={TIERS.map((tier) => ({ value: tier, label: all(`admin.rules.tierNames.${tier}`) }))}
            />
            <label className="flex flex-col">
              {t("regions")}
              <input name="regions" maxLength={400} placeholder={t("regionsPlaceholder")} className={box} />
            </label>
            <CategoryCheckboxes legend={t("categories")} name="categories" />
            <p className="text-gray-700">{t("control", { arm: ARM_KEYS[0] })}</p>
            {Array.from({ length: MAX_VARIANTS }, (_, index) => index + 1).map((row) => (
              <fieldset
                key={row}
                className="space-y-1 rounded border border-gray-200 p-2"
                data-testid={`variant-${row}`}
              >
                <legend className="px-1 font-medium">
                  {t("variant", { arm: ARM_KEYS[row]! })} {row > 1 ? t("optional") : null}
                </legend>
                {LOCALES.map((l) => (
                  <label key={l} className="flex flex-col">
                    {all(`locale.${l}`)}
                    <textarea name={`v${row}.${l}`} rows={2} maxLength={1000} className={box} />
                  </label>
                ))}
                <label className="flex items-center gap-2">
                  <span className="text-gray-600">{t("formFields")}</span>
                  <select name={`v${row}.layout`} defaultValue="" className={box}>
                    <option value="">—</option>
                    <option value="flat">{t("layouts.flat")}</option>
                  </select>
                </label>
                <div className="flex flex-wrap items-end gap-2">
                  <span className="text-gray-600">{t("slaFields")}</span>
                  <input
                    name={`v${row}.firstResponseMinutes`}
                    type="number"
                    min={5}
                    max={1440}
                    placeholder={t("firstResponseMinutes")}
                    aria-label={t("firstResponseMinutes")}
                    className={`${box} w-32`}
                  />
                  <input
                    name={`v${row}.resolutionPlanMinutes`}
                    type="number"
                    min={30}
                    max={10080}
                    placeholder={t("resolutionPlanMinutes")}
                    aria-label={t("resolutionPlanMinutes")}
                    className={`${box} w-32`}
                  />
                </div>
                <div className="flex flex-wrap items-end gap-2">
                  <span className="text-gray-600">{t("offerFields")}</span>
                  <select name={`v${row}.offerType`} aria-label={t("offerType")} className={box}>
                    <option value="offer_coupon">{t("offerCoupon")}</option>
                    <option value="offer_points">{t("offerPoints")}</option>
                  </select>
                  <input
                    name={`v${row}.couponYuan`}
                    inputMode="decimal"
                    placeholder={t("couponYuan")}
                    aria-label={t("couponYuan")}
                    className={`${box} w-24`}
                  />
                  <input
                    name={`v${row}.validDays`}
                    type="number"
                    min={1}
                    max={90}
                    placeholder={t("validDays")}
                    aria-label={t("validDays")}
                    className={`${box} w-24`}
                  />
                  <input
                    name={`v${row}.points`}
                    type="number"
                    min={1}
                    max={5000}
                    placeholder={t("points")}
                    aria-label={t("points")}
                    className={`${box} w-24`}
                  />
                </div>
              </fieldset>
            ))}
            <p className="text-xs text-gray-500">{t("variantHint")}</p>
          </EditForm>
        </div>
      ) : null}
    </section>
  );
}
