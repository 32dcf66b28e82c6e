import { getTranslations } from "next-intl/server";
import { SettingsDocumentForm } from "@/components/admin/settings-document-form";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { getCompensationLimits } from "@/lib/settings/compensation-limits";
import { updateCompensationLimitsAction } from "./actions";

export default async function LimitsSettingsPage() {
  const actor = await requireStaffPage("page.settings", "/admin/settings/limits");
  const [limits, t] = await Promise.all([getCompensationLimits({ db, actor }), getTranslations("admin.limits")]);
  const editable = can(actor.role, "settings.limits");
  const fields = (["couponYuanPerComplaint", "couponYuanPerCustomer30d", "pointsPerComplaint", "pointsPerCustomer30d"] as const).map((name) => ({
    name,
    label: t(`compensation.${name}`),
    value: limits.value[name],
    max: name.startsWith("coupon") ? 100_000 : 10_000_000,
  }));
  return (
    <section>
      <SettingsTabs current="limits" />
      <div className="space-y-3 rounded-lg bg-white p-4 shadow">
        <h1 className="text-xl font-semibold">{t("compensation.title")}</h1>
        <p className="text-sm text-gray-600">{t("compensation.intro")}</p>
        <SettingsDocumentForm action={updateCompensationLimitsAction} fields={fields} version={limits.version} editable={editable} testId="compensation-limits" />
      </div>
    </section>
  );
}
