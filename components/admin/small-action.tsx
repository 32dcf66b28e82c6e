"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";

/** A one-button form (test, resend…) with its translated result beside it. */
export function SmallAction({
  action,
  fields,
  label,
  testId,
  children,
}: {
  action: (s: FormState, f: FormData) => Promise<FormState>;
  fields: Record<string, string>;
  label: string;
  testId: string;
  children?: React.ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="flex flex-wrap items-center gap-2" data-testid={testId}>
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
      <button
        disabled={pending}
        className="rounded border border-gray-300 bg-white px-2 py-1 text-sm disabled:opacity-60"
      >
        {label}
      </button>
      {state.message ? (
        <span
          role={state.ok ? "status" : "alert"}
          data-testid={state.ok ? "action-ok" : "error-message"}
          className={`text-sm ${state.ok ? "text-green-700" : "text-red-700"}`}
        >
          {state.message}
        </span>
      ) : null}
      {Object.entries(state.fieldErrors ?? {}).map(([field, message]) => (
        <span key={field} className="w-full text-xs text-red-600" data-field-error={field}>
          {message}
        </span>
      ))}
    </form>
  );
}
