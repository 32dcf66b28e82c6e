"use client";

import { useTranslations } from "next-intl";

/**
 * A labelled textarea with its field error and a character counter (characters as people count
 * them: an emoji is one), red past the limit. The H5 forms' long text fields.
 */
export function CountedTextarea({
  id,
  name,
  label,
  placeholder,
  rows,
  max,
  value,
  onChange,
  error,
  counterTestId,
}: {
  id: string;
  name: string;
  label: string;
  placeholder: string;
  rows: number;
  max: number;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  counterTestId?: string;
}) {
  const t = useTranslations();
  const length = [...value].length;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <textarea
        id={id}
        name={name}
        rows={rows}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        aria-invalid={Boolean(error) || length > max}
        className="w-full rounded-lg border border-gray-200 p-3 text-sm focus:border-brand focus:outline-none"
      />
      <div className="flex justify-between text-xs">
        <span className="text-red-600">{error}</span>
        <span data-testid={counterTestId} className={length > max ? "text-red-600" : "text-gray-400"}>
          {t("h5.form.counter", { count: length, max })}
        </span>
      </div>
    </div>
  );
}
