"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useEffect, useState, useTransition } from "react";
import type { FormState } from "@/lib/forms/form-state";
import type { FormAction } from "@/lib/forms/form-action";

type Suggestion = { id: string; question: string; answer: string };
const DEBOUNCE_MS = 400;
const MIN_CHARS = 4;

/** While the customer types, up to 3 FAQ answers; "这解决了我的问题" ends the flow as self-served. */
export function FaqSuggestions({
  text,
  category,
  orderNo,
  faqSolvedAction,
}: {
  text: string;
  category?: string;
  orderNo: string;
  faqSolvedAction: FormAction;
}) {
  const t = useTranslations("h5.faq");
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [state, setState] = useState<FormState>({});
  const [pending, startTransition] = useTransition();
  // Not a <form>: this sits inside the complaint form, and forms cannot nest.
  const solved = (faqId: string) =>
    startTransition(async () => {
      const data = new FormData();
      data.set("faqId", faqId);
      data.set("orderNo", orderNo);
      setState(await faqSolvedAction({}, data));
    });
  const tooShort = [...text.trim()].length < MIN_CHARS;
  useEffect(() => {
    if (tooShort) return;
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const params = new URLSearchParams({ q: text, ...(category ? { category } : {}) });
        const response = await fetch(`/h5/faq-suggestions?${params}`, { signal: controller.signal, cache: "no-store" });
        if (response.ok) setSuggestions(((await response.json()) as { suggestions: Suggestion[] }).suggestions);
      } catch {
        // aborted by the next keystroke, or offline: keep what is shown
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [text, category, tooShort]);

  if (state.ok) {
    return (
      <div className="rounded-xl bg-green-50 p-3 text-sm text-green-900" data-testid="faq-solved">
        <p>{t("thanks")}</p>
        <Link href="/h5" className="mt-1 inline-block text-brand underline">
          {t("back")}
        </Link>
      </div>
    );
  }
  // Suggestions for a longer text stay fetched, but a text cut back below the minimum shows none.
  if (tooShort || suggestions.length === 0) return null;
  return (
    <section className="space-y-2 rounded-xl bg-blue-50 p-3" data-testid="faq-suggestions" aria-live="polite">
      <p className="text-sm font-medium text-blue-900">{t("title")}</p>
      {suggestions.map((s) => (
        <details key={s.id} className="rounded-lg bg-white p-2 text-sm" data-testid="faq-suggestion">
          <summary className="cursor-pointer font-medium">{s.question}</summary>
          <p className="mt-1 text-gray-700">{s.answer}</p>
          <button
            type="button"
            onClick={() => solved(s.id)}
            disabled={pending}
            className="mt-2 rounded-full border border-brand px-3 py-1 text-xs text-brand disabled:opacity-60"
          >
            {t("solved")}
          </button>
        </details>
      ))}
      {state.message ? <p className="text-xs text-red-600">{state.message}</p> : null}
    </section>
  );
}
