"use client";

import { useTranslations } from "next-intl";

/** The foot of an H5 form: the refusal, if any, and the full-width submit button. */
export function FormSubmit({
  message,
  label,
  pending,
  disabled,
}: {
  message?: string;
  label: string;
  pending: boolean;
  disabled: boolean;
}) {
  const t = useTranslations();
  return (
    <>
      {message && (
        <p role="alert" data-testid="error-message" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {message}
        </p>
      )}
      <button
        type="submit"
        disabled={pending || disabled}
        className="w-full rounded-full bg-brand py-3 text-base font-medium text-white disabled:opacity-60"
      >
        {pending ? t("h5.form.submitting") : label}
      </button>
    </>
  );
}
