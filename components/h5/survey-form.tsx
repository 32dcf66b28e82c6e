"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormAction } from "@/lib/forms/form-action";

/** CSAT 1–5 (and NPS 0–10 when this survey was sampled for it), with an optional comment. */
export function SurveyForm({
  complaintId,
  asksNps,
  surveyAction,
}: {
  complaintId: string;
  asksNps: boolean;
  surveyAction: FormAction;
}) {
  const t = useTranslations("h5.survey");
  const [state, action, pending] = useActionState(surveyAction, {});
  return (
    <form action={action} className="space-y-3 rounded-xl bg-amber-50 p-3" data-testid="survey-form">
      <input type="hidden" name="complaintId" value={complaintId} />
      <fieldset>
        <legend className="mb-1 text-sm font-medium text-amber-900">{t("csat")}</legend>
        <div className="flex justify-between">
          {[1, 2, 3, 4, 5].map((score) => (
            <label key={score} className="flex flex-col items-center text-xs text-gray-600">
              <input type="radio" name="csat" value={score} required className="peer sr-only" />
              <span className="text-3xl text-gray-300 peer-checked:text-amber-500" aria-hidden>
                ★
              </span>
              {t(`csatLabels.${score}` as "csatLabels.1")}
            </label>
          ))}
        </div>
      </fieldset>
      {asksNps ? (
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-amber-900">{t("nps")}</legend>
          <div className="grid grid-cols-11 gap-0.5">
            {Array.from({ length: 11 }, (_, score) => (
              <label key={score} className="text-center">
                <input type="radio" name="nps" value={score} className="peer sr-only" />
                <span className="block rounded border border-gray-300 bg-white py-1 text-xs peer-checked:border-amber-500 peer-checked:bg-amber-500 peer-checked:text-white">
                  {score}
                </span>
              </label>
            ))}
          </div>
          <div className="mt-1 flex justify-between text-[10px] text-gray-500">
            <span>{t("npsLow")}</span>
            <span>{t("npsHigh")}</span>
          </div>
        </fieldset>
      ) : null}
      <textarea
        name="comment"
        maxLength={300}
        rows={2}
        placeholder={t("comment")}
        className="w-full rounded-lg border border-gray-300 px-3 py-2 text-sm"
      />
      {state.message && !state.ok ? (
        <p role="alert" data-testid="error-message" className="text-sm text-red-600">
          {state.message}
        </p>
      ) : null}
      <button
        disabled={pending}
        className="w-full rounded-full bg-amber-500 py-2.5 text-sm font-medium text-white disabled:opacity-60"
      >
        {t("submit")}
      </button>
    </form>
  );
}
