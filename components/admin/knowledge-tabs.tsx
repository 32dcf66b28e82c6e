import { getTranslations } from "next-intl/server";
import { PageTabs } from "./page-tabs";

const HREFS = {
  cases: "/admin/knowledge",
  faq: "/admin/knowledge/faq",
  templates: "/admin/knowledge/templates",
} as const;

export async function KnowledgeTabs({ current }: { current: keyof typeof HREFS }) {
  const t = await getTranslations("admin.knowledge.tabs");
  return (
    <PageTabs
      current={current}
      tabs={(Object.keys(HREFS) as (keyof typeof HREFS)[]).map((tab) => ({
        key: tab,
        href: HREFS[tab],
        label: t(tab),
      }))}
    />
  );
}
