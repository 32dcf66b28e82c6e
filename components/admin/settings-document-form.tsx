"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormResult } from "./form-result";

export type SettingsField = { name: string; label: string; value: number; max: number };

/**
 * A settings document (lib/app-settings.ts) as a form of whole numbers: the version it
 * shows goes back with the save, so a form older than the last save is refused, not applied.
 */
export function SettingsDocumentForm({
  action,
  fields,
  version,
  editable,
  testId,
}: {
  action: (s: FormState, f: FormData) => Promise<FormState>;
  fields: SettingsField[];
  version: number;
  editable: boolean;
  testId: string;
}) {
  const t = useTranslations("admin.settings");
  const [state, formAction, pending] = useActionState(action, {});
  // Submitting through onSubmit keeps what was typed when the server refuses a field.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  return (
    <form onSubmit={submit} className="space-y-2 text-sm" data-testid={testId}>
      <input type="hidden" name="expectedVersion" value={version} />
      <div className="grid gap-2 sm:grid-cols-2">
        {fields.map((field) => (
          <label key={field.name} className="block">
            {field.label}
            <input
              name={field.name}
              type="number"
              min={0}
              max={field.max}
              step={1}
              defaultValue={field.value}
              disabled={!editable}
              className="mt-1 w-full rounded border border-gray-300 px-2 py-1"
            />
            {state.fieldErrors?.[field.name] ? (
              <span className="text-xs text-red-600">{state.fieldErrors[field.name]}</span>
            ) : null}
          </label>
        ))}
      </div>
      <FormResult state={state} />
      {editable ? (
        <button disabled={pending} className="rounded bg-brand px-3 py-1.5 text-white disabled:opacity-60">
          {t("save")}
        </button>
      ) : (
        <p className="text-gray-500">{t("readOnly")}</p>
      )}
    </form>
  );
}
