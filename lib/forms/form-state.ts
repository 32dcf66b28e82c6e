import { randomUUID } from "node:crypto";
import { isAppError } from "../errors";
import { asRetryableDbError } from "../db-client";

/** What a server action hands back to its form: a translated message and per-field messages. */
export type FormState = { ok?: boolean; message?: string; fieldErrors?: Record<string, string> };

type T = (key: string, params?: Record<string, string | number>) => string;

export function formStateFromError({ t, error: thrown }: { t: unknown; error: unknown }): FormState {
  const error = asRetryableDbError(thrown);
  const translate = t as T;
  if (isAppError(error)) {
    const fieldErrors = Object.fromEntries(
      error.fields.map((field) => [field.path, translate(`fields.${field.code}`, field.params)]),
    );
    return {
      message: translate(`errors.${error.code}`, error.params),
      ...(error.fields.length ? { fieldErrors } : {}),
    };
  }
  const id = randomUUID().slice(0, 8);
  console.error(`[kesu] unexpected error ${id}`, error);
  return { message: translate("errors.internal", { id }) };
}
