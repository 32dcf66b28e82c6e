"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import type { FormState } from "@/lib/forms/form-state";

/** The contact stays hidden until asked for; each reveal is an audited server action. */
export function ContactReveal({
  complaintId,
  reveal,
}: {
  complaintId: string;
  reveal: (id: string) => Promise<FormState & { contact?: string | null }>;
}) {
  const t = useTranslations("admin.detail");
  const [state, setState] = useState<(FormState & { contact?: string | null }) | null>(null);
  const [pending, start] = useTransition();
  if (state?.ok) return <span data-testid="contact-value">{state.contact ?? t("noContact")}</span>;
  return (
    <span>
      <button
        type="button"
        disabled={pending}
        className="text-brand underline"
        onClick={() => start(async () => setState(await reveal(complaintId)))}
      >
        {t("reveal")}
      </button>
      {state?.message ? <span className="ml-2 text-xs text-red-600">{state.message}</span> : null}
    </span>
  );
}
