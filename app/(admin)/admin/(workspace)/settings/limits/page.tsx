import { getTranslations } from "next-intl/server";
import { SettingsDocumentForm } from "@/components/admin/settings-document-form";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { getRateLimits } from "@/lib/rate-limit/manage-rate-limits";
import { RATE_LIMIT_RULES } from "@/lib/rate-limit/rate-limit-rules";
import { getCompensationLimits } from "@/lib/compensation/compensation-limits";
import { getRatingSettings } from "@/lib/ratings/rating-settings";
import { updateCompensationLimitsAction, updateRateLimitsAction, updateRatingSettingsAction } from "./actions";

export default async function LimitsSettingsPage() {
  const actor = await requireStaffPage("page.settings", "/admin/settings/limits");
  const [limits, rates, ratings, t] = await Promise.all([
    getCompensationLimits({ db, actor }),
    getRateLimits({ db, actor }),
    getRatingSettings({ db, actor }),
    getTranslations("admin.limits"),
  ]);
  const editable = can(actor.role, "settings.limits");
  const fields = (
    ["couponYuanPerComplaint", "couponYuanPerCustomer30d", "pointsPerComplaint", "pointsPerCustomer30d"] as const
  ).map((name) => ({
    name,
    label: t(`compensation.${name}`),
    value: limits.value[name],
    max: name.startsWith("coupon") ? 100_000 : 10_000_000,
  }));
  const rateFields = RATE_LIMIT_RULES.flatMap((rule) => [
    {
      name: `${rule}.limit`,
      label: t("rates.limit", { rule: t(`rates.rules.${rule}`) }),
      value: rates.value[rule].limit,
      max: 1_000_000,
    },
    {
      name: `${rule}.windowMinutes`,
      label: t("rates.window", { rule: t(`rates.rules.${rule}`) }),
      value: rates.value[rule].windowMinutes,
      max: 7 * 24 * 60,
    },
  ]);
  return (
    <section>
      <SettingsTabs current="limits" role={actor.role} />
      <div className="space-y-3 rounded-lg bg-white p-4 shadow">
        <h1 className="text-xl font-semibold">{t("compensation.title")}</h1>
        <p className="text-sm text-gray-600">{t("compensation.intro")}</p>
        <SettingsDocumentForm
          action={updateCompensationLimitsAction}
          fields={fields}
          version={limits.version}
          editable={editable}
          testId="compensation-limits"
        />
        <h2 className="pt-4 text-lg font-semibold">{t("rates.title")}</h2>
        <p className="text-sm text-gray-600">{t("rates.intro")}</p>
        <SettingsDocumentForm
          action={updateRateLimitsAction}
          fields={rateFields}
          version={rates.version}
          editable={editable}
          testId="rate-limits"
        />
        <h2 className="pt-4 text-lg font-semibold">{t("ratings.title")}</h2>
        <p className="text-sm text-gray-600">{t("ratings.intro")}</p>
        <SettingsDocumentForm
          action={updateRatingSettingsAction}
          fields={[
            {
              name: "complaintAtOrBelowStars",
              label: t("ratings.complaintAtOrBelowStars"),
              value: ratings.value.complaintAtOrBelowStars,
              max: 5,
            },
          ]}
          version={ratings.version}
          editable={editable}
          testId="rating-settings"
        />
      </div>
    </section>
  );
}
