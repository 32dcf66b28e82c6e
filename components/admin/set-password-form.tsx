"use client";

import { useTranslations } from "next-intl";
import { startTransition, useActionState } from "react";
import type { FormState } from "@/lib/forms/form-state";
import { FormResult } from "./form-result";

const input = "w-full rounded-md border border-gray-300 px-3 py-2";

/** Choose a password from a one-time link; the link's token travels as a hidden field. */
export function SetPasswordForm({
  token,
  email,
  minLength,
  setPasswordAction,
}: {
  token: string;
  email: string;
  minLength: number;
  setPasswordAction: (s: FormState, f: FormData) => Promise<FormState>;
}) {
  const t = useTranslations("admin.setPassword");
  const [state, action, pending] = useActionState(setPasswordAction, {});
  return (
    <form
      className="space-y-4"
      data-testid="set-password-form"
      onSubmit={(event) => {
        event.preventDefault();
        const data = new FormData(event.currentTarget);
        startTransition(() => action(data));
      }}
    >
      <input type="hidden" name="token" value={token} />
      {/* For password managers: the account the new password belongs to. */}
      <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
      <label className="block text-sm">
        <span className="mb-1 block text-gray-700">{t("password", { min: minLength })}</span>
        <input
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={minLength}
          className={input}
        />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-gray-700">{t("confirm")}</span>
        <input name="confirm" type="password" autoComplete="new-password" required className={input} />
      </label>
      <FormResult state={state} />
      <button
        disabled={pending}
        className="w-full rounded-md bg-brand px-3 py-2 font-medium text-white disabled:opacity-60"
      >
        {t("submit")}
      </button>
    </form>
  );
}
