import { getTranslations } from "next-intl/server";
import { can, type Permission, type STAFF_ROLES } from "@/lib/auth/permissions";
import { PageTabs } from "./page-tabs";

const TABS = [
  ["sla", "page.settings"],
  ["channels", "page.settings"],
  ["limits", "page.settings"],
  ["rules", "page.rules"],
  ["team", "page.team"],
] as const satisfies readonly (readonly [string, Permission])[];

/** The settings pages the viewer's role may open. */
export async function SettingsTabs({
  current,
  role,
}: {
  current: (typeof TABS)[number][0];
  role: (typeof STAFF_ROLES)[number];
}) {
  const t = await getTranslations("admin.channels.tabs");
  return (
    <PageTabs
      current={current}
      tabs={TABS.filter(([, permission]) => can(role, permission)).map(([tab]) => ({
        key: tab,
        href: `/admin/settings/${tab}`,
        label: t(tab),
      }))}
    />
  );
}
