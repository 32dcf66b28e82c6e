"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormResult } from "./form-result";

/**
 * The handling-rules form: its fields (the rule rows and the note) come from the page; two
 * buttons send the same form as a preview or as the new version in force.
 */
export function RulesEditor({
  action,
  children,
}: {
  action: (state: FormState, data: FormData) => Promise<FormState>;
  children: React.ReactNode;
}) {
  const t = useTranslations("admin.rules");
  const [state, formAction, pending] = useActionState(action, {});
  // onSubmit rather than `action`: the form keeps what was typed when the server refuses a field,
  // and the button that was pressed (preview or save) goes with the data.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(event.currentTarget, submitter);
    startTransition(() => formAction(data));
  };
  return (
    <form onSubmit={submit} className="space-y-3 text-sm" data-testid="rules-form">
      {children}
      <FormResult state={state} />
      <div className="flex flex-wrap gap-2">
        <button
          name="intent"
          value="preview"
          disabled={pending}
          className="rounded border border-gray-300 bg-white px-3 py-1.5 disabled:opacity-60"
        >
          {t("preview")}
        </button>
        <button
          name="intent"
          value="save"
          disabled={pending}
          className="rounded bg-brand px-3 py-1.5 text-white disabled:opacity-60"
        >
          {t("save")}
        </button>
      </div>
    </form>
  );
}
