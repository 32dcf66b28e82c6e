import { getTranslations } from "next-intl/server";
import { PageTabs } from "./page-tabs";

export async function SettingsTabs({ current }: { current: "sla" | "channels" | "limits" }) {
  const t = await getTranslations("admin.channels.tabs");
  return (
    <PageTabs
      current={current}
      tabs={(["sla", "channels", "limits"] as const).map((tab) => ({
        key: tab,
        href: `/admin/settings/${tab}`,
        label: t(tab),
      }))}
    />
  );
}
