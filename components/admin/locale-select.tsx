import { useTranslations } from "next-intl";
import { DEFAULT_LOCALE, LOCALES } from "@/lib/i18n/config";

/** The content languages, each by its own name (中文 · English · Español). */
export function LocaleSelect({
  name,
  defaultValue,
  className,
}: {
  name: string;
  defaultValue?: string | null;
  className?: string;
}) {
  const t = useTranslations("locale");
  return (
    <select name={name} defaultValue={defaultValue ?? DEFAULT_LOCALE} className={className}>
      {LOCALES.map((locale) => (
        <option key={locale} value={locale}>
          {t(locale)}
        </option>
      ))}
    </select>
  );
}
