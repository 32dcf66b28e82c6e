"use client";

import { useTranslations } from "next-intl";
import { useActionState, useEffect, useRef } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormResult } from "./form-result";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/**
 * One workspace action as a form: hidden complaint id and version (so a stale form is refused),
 * the caller's fields, a submit button, and the translated result (field errors by name).
 */
export function ActionForm({
  action,
  complaintId,
  version,
  label,
  testId,
  children,
  tone = "primary",
}: {
  action: Action;
  complaintId: string;
  version: number;
  label: string;
  testId: string;
  children?: React.ReactNode;
  tone?: "primary" | "secondary" | "danger";
}) {
  const t = useTranslations("admin.detail");
  const [state, formAction, pending] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) form.current?.reset();
  }, [state]);
  const colors =
    tone === "primary"
      ? "bg-brand text-white"
      : tone === "danger"
        ? "bg-red-600 text-white"
        : "border border-gray-300 bg-white text-gray-800";
  return (
    <form ref={form} action={formAction} className="space-y-2" data-testid={testId}>
      <input type="hidden" name="complaintId" value={complaintId} />
      <input type="hidden" name="version" value={version} />
      {children}
      <FormResult state={state} />
      <button
        type="submit"
        disabled={pending}
        className={`rounded px-3 py-1.5 text-sm font-medium disabled:opacity-60 ${colors}`}
      >
        {pending ? t("submitting") : label}
      </button>
    </form>
  );
}
