import { useTranslations } from "next-intl";
import { CATEGORIES, CATEGORY_GROUPS } from "@/lib/complaints/vocabulary/taxonomy";

/** The two-level taxonomy as a select; `emptyLabel` adds a first "any / general" option. */
export function CategorySelect({
  name,
  defaultValue,
  emptyLabel,
  className,
}: {
  name: string;
  defaultValue?: string | null;
  emptyLabel?: string;
  className?: string;
}) {
  const t = useTranslations("taxonomy");
  return (
    <select name={name} defaultValue={defaultValue ?? ""} className={className}>
      {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
      {CATEGORY_GROUPS.map((group) => (
        <optgroup key={group} label={t(`${group}.label`)}>
          {CATEGORIES.filter((c) => c.startsWith(`${group}.`)).map((c) => (
            <option key={c} value={c}>
              {t(c)}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
