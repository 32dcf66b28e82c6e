import { getFormatter, getTranslations } from "next-intl/server";
import { SettingsTabs } from "@/components/admin/settings-tabs";
import { SlaSettingsForm } from "@/components/admin/sla-settings-form";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { listSlaPolicies } from "@/lib/sla/sla-policies";
import { updateSlaPoliciesAction } from "./actions";

export default async function SlaSettingsPage() {
  const actor = await requireStaffPage("page.settings", "/admin/settings/sla");
  const [policies, t, format] = await Promise.all([
    listSlaPolicies({ db, actor }),
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
      </div>
    </section>
  );
}
