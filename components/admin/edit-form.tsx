"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState, useEffect, useRef } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormResult } from "./form-result";

/**
 * A create-or-edit form for a settings-like record: the caller's fields, a save button and the
 * translated result, field errors named after their field so they can be found beside it.
 */
export function EditForm({
  action,
  id,
  testId,
  submitLabel,
  children,
}: {
  action: (s: FormState, f: FormData) => Promise<FormState>;
  id?: string;
  testId: string;
  /** The button's words when "Save" is not what it does (e.g. "Start experiment"). */
  submitLabel?: string;
  children: React.ReactNode;
}) {
  const t = useTranslations("admin.knowledge");
  const [state, formAction, pending] = useActionState(action, {});
  const form = useRef<HTMLFormElement>(null);
  // A new record's form empties once saved; an edit form keeps what was saved.
  useEffect(() => {
    if (state.ok && !id) form.current?.reset();
  }, [state, id]);
  // Submitting through onSubmit, not `action`: React resets an action form after every submit,
  // which would wipe what the user typed when the server refuses one field.
  const submit = (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  return (
    <form ref={form} onSubmit={submit} className="space-y-2 text-sm" data-testid={testId}>
      {id ? <input type="hidden" name="id" value={id} /> : null}
      {children}
      <FormResult state={state} />
      <button disabled={pending} className="rounded bg-brand px-3 py-1.5 text-white disabled:opacity-60">
        {submitLabel ?? t("save")}
      </button>
    </form>
  );
}
