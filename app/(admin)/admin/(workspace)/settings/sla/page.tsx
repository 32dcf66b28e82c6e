import { getFormatter, getTranslations } from "next-intl/server";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { SlaSettingsForm } from "@/components/admin/sla-settings-form";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { listSlaPolicies } from "@/lib/sla/sla-policies";
import { SettingsDocumentForm } from "@/components/admin/settings-document-form";
import { getVipChannel } from "@/lib/customers/vip-channel";
import { updateSlaPoliciesAction, updateVipChannelAction } from "./actions";

export default async function SlaSettingsPage() {
  const actor = await requireStaffPage("page.settings", "/admin/settings/sla");
  const [policies, vip, t, format] = await Promise.all([
    listSlaPolicies({ db, actor }),
    getVipChannel({ db, actor }),
    getTranslations("admin.settings"),
    getFormatter(),
  ]);
  const updatedAt = new Date(Math.max(...policies.map((p) => p.updatedAt.getTime())));
  return (
    <section>
      <SettingsTabs current="sla" role={actor.role} />
      <div className="rounded-lg bg-white p-4 shadow">
        <h1 className="mb-1 text-xl font-semibold">{t("title")}</h1>
        <p className="mb-4 text-sm text-gray-600">
          {t("intro")} {t("businessHint")}{" "}
          {t("updatedAt", { date: format.dateTime(updatedAt, { dateStyle: "short", timeStyle: "short" }) })}
        </p>
        <SlaSettingsForm
          policies={policies}
          updatedAt={updatedAt.toISOString()}
          editable={can(actor.role, "settings.sla")}
          updateSlaPoliciesAction={updateSlaPoliciesAction}
        />
        <h2 className="pt-6 text-lg font-semibold">{t("vip.title")}</h2>
        <p className="mb-2 text-sm text-gray-600">{t("vip.intro")}</p>
        <SettingsDocumentForm
          action={updateVipChannelAction}
          fields={(
            [
              ["annualSpendYuan", 1_000_000_000],
              ["firstResponseMinutes", 10_080],
              ["resolutionPlanMinutes", 10_080],
              ["warnBeforeMinutes", 10_080],
            ] as const
          ).map(([name, max]) => ({ name, label: t(`vip.${name}`), value: vip.value[name], max }))}
          version={vip.version}
          editable={can(actor.role, "settings.sla")}
          testId="vip-channel"
        />
      </div>
    </section>
  );
}
