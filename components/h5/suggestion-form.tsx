"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState, useState } from "react";
import type { FormState } from "@/lib/forms/form-state";

/** A suggestion: the text and, optionally, which of the session's orders it is about. */
export function SuggestionForm({
  orderNos,
  presetOrderNo,
  maxLength,
  submitSuggestionAction,
}: {
  orderNos: readonly string[];
  presetOrderNo?: string;
  maxLength: number;
  submitSuggestionAction: (s: FormState, f: FormData) => Promise<FormState>;
}) {
  const t = useTranslations();
  const [state, action, pending] = useActionState(submitSuggestionAction, {});
  const [text, setText] = useState("");
  // One id per form: a double tap or a retried request files one suggestion.
  const [submissionId] = useState(() => crypto.randomUUID());
  const fieldError = (name: string) => state.fieldErrors?.[name];
  return (
    <form
      className="space-y-4"
      data-testid="suggestion-form"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <input type="hidden" name="submissionId" value={submissionId} />
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{t("h5.suggest.order")}</span>
        <select
          name="orderNo"
          defaultValue={presetOrderNo ?? ""}
          className="w-full rounded-lg border border-gray-300 px-3 py-2"
        >
          <option value="">{t("h5.suggest.noOrder")}</option>
          {orderNos.map((orderNo) => (
            <option key={orderNo} value={orderNo}>
              {orderNo}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">{t("h5.suggest.text")}</span>
        <textarea
          name="text"
          rows={5}
          maxLength={maxLength}
          value={text}
          onChange={(event) => setText(event.target.value)}
          className="w-full rounded-lg border border-gray-300 px-3 py-2"
        />
        <span className="block text-right text-xs text-gray-400">
          {[...text].length}/{maxLength}
        </span>
      </label>
      {fieldError("text") ? (
        <p className="text-xs text-red-600" data-field-error="text">
          {fieldError("text")}
        </p>
      ) : null}
      {state.message ? (
        <p role="alert" data-testid="error-message" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-700">
          {state.message}
        </p>
      ) : null}
      <button
        disabled={pending}
        className="w-full rounded-full bg-brand px-4 py-3 font-medium text-white disabled:opacity-60"
      >
        {t("h5.suggest.submit")}
      </button>
    </form>
  );
}
