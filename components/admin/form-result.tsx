import type { FormState } from "@/lib/forms/form-state";

/** A server action's translated outcome under its form: one line per invalid field, then the message. */
export function FormResult({ state }: { state: FormState }) {
  return (
    <>
      {state.fieldErrors
        ? Object.entries(state.fieldErrors).map(([field, message]) => (
            <p key={field} className="text-xs text-red-600" data-field-error={field}>
              {message}
            </p>
          ))
        : null}
      {state.message ? (
        <p
          role={state.ok ? "status" : "alert"}
          data-testid={state.ok ? "action-ok" : "error-message"}
          className={`text-sm ${state.ok ? "text-green-700" : "text-red-700"}`}
        >
          {state.message}
        </p>
      ) : null}
    </>
  );
}
