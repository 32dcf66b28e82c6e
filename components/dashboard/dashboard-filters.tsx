import { useTranslations } from "next-intl";
import { CategorySelect } from "@/components/admin/category-select";
import { TIERS } from "@/lib/complaints/vocabulary/terms";
import { GRAINS, type DashboardFilter } from "@/lib/dashboard/dashboard-filter";

const box = "rounded border border-gray-300 px-2 py-1";

/** The dashboard's filters as a GET form: the URL is the view, so it can be shared. */
export function DashboardFilters({
  filter,
  regions,
  groups,
}: {
  filter: DashboardFilter;
  regions: string[];
  /** Handling groups: code → name in the viewer's language. */
  groups: Record<string, string>;
}) {
  const t = useTranslations("admin.dashboard");
  return (
    <form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm" data-testid="dashboard-filters">
      <label className="flex flex-col">
        {t("from")}
        <input type="date" name="from" defaultValue={filter.from} className={box} />
      </label>
      <label className="flex flex-col">
        {t("to")}
        <input type="date" name="to" defaultValue={filter.to} className={box} />
      </label>
      <label className="flex flex-col">
        {t("grain")}
        <select name="grain" defaultValue={filter.grain} className={box}>
          {GRAINS.map((g) => (
            <option key={g} value={g}>
              {t(`grains.${g}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        {t("tier")}
        <select name="tier" defaultValue={filter.tier ?? ""} className={box}>
          <option value="">{t("any")}</option>
          {TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {t(`tiers.${tier}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        {t("region")}
        <select name="region" defaultValue={filter.region ?? ""} className={box}>
          <option value="">{t("any")}</option>
          {regions.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        {t("category")}
        <CategorySelect
          name="category"
          defaultValue={filter.category.length === 1 ? filter.category[0] : ""}
          emptyLabel={t("any")}
          className={box}
        />
      </label>
      <label className="flex flex-col">
        {t("group")}
        <select name="group" defaultValue={filter.group.length === 1 ? filter.group[0] : ""} className={box}>
          <option value="">{t("any")}</option>
          {Object.entries(groups).map(([code, name]) => (
            <option key={code} value={code}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <button className="rounded bg-brand px-3 py-1.5 text-white">{t("apply")}</button>
    </form>
  );
}
