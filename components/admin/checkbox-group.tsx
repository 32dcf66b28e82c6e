import { useTranslations } from "next-intl";
import { CATEGORIES, CATEGORY_GROUPS } from "@/lib/complaints/vocabulary/taxonomy";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

/** A set of checkboxes under one name (a form sends the ticked values repeated). */
export function CheckboxGroup({
  legend,
  name,
  options,
  checked = [],
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  checked?: readonly string[];
}) {
  return (
    <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
      <legend className="text-gray-600">{legend}</legend>
      {options.map((option) => (
        <label key={option.value} className="flex items-center gap-1">
          <input type="checkbox" name={name} value={option.value} defaultChecked={checked.includes(option.value)} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The taxonomy's subtypes as checkboxes, a line per group. */
export function CategoryCheckboxes({
  legend,
  name,
  checked = [],
}: {
  legend: string;
  name: string;
  checked?: readonly string[];
}) {
  const t = useTranslations();
  return (
    <fieldset className="space-y-1">
      <legend className="text-gray-600">{legend}</legend>
      {CATEGORY_GROUPS.map((group) => (
        <div key={group} className="flex flex-wrap gap-x-3 gap-y-1">
          {CATEGORIES.filter((c) => c.startsWith(`${group}.`)).map((category) => (
            <label key={category} className="flex items-center gap-1">
              <input type="checkbox" name={name} value={category} defaultChecked={checked.includes(category)} />
              {t(categoryKey(category))}
            </label>
          ))}
        </div>
      ))}
    </fieldset>
  );
}
