"use client";

import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";

export function SignInForm({
  callbackUrl,
  initialError,
  email,
}: {
  callbackUrl: string;
  initialError?: "invalid" | "rate_limited" | "failed";
  /** Filled in after a one-time link set the password. */
  email?: string;
}) {
  const t = useTranslations("admin.signIn");
  const router = useRouter();
  const [error, setError] = useState(initialError);
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="space-y-4"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        startTransition(async () => {
          const result = await signIn("credentials", {
            email: String(form.get("email") ?? ""),
            password: String(form.get("password") ?? ""),
            redirect: false,
          });
          if (result?.ok && !result.error) {
            router.replace(callbackUrl);
            router.refresh();
            return;
          }
          setError(
            result?.error === "rate_limited"
              ? "rate_limited"
              : result?.error === "CredentialsSignin"
                ? "invalid"
                : "failed",
          );
        });
      }}
    >
      <label className="block text-sm">
        <span className="mb-1 block text-gray-700">{t("email")}</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          defaultValue={email}
          required
          className="w-full rounded-md border border-gray-300 px-3 py-2"
        />
      </label>
      <label className="block text-sm">
        <span className="mb-1 block text-gray-700">{t("password")}</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="w-full rounded-md border border-gray-300 px-3 py-2"
        />
      </label>
      {error ? (
        <p role="alert" data-testid="error-message" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {t(error)}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        className="w-full rounded-md bg-brand px-3 py-2 font-medium text-white disabled:opacity-60"
      >
        {pending ? t("submitting") : t("submit")}
      </button>
    </form>
  );
}
