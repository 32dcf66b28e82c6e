import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SignInForm } from "@/components/admin/sign-in-form";
import { safeReturnTo } from "@/lib/auth/return-to";
import { getStaffActor } from "@/lib/auth/staff-session";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeReturnTo(params.callbackUrl);
  if (await getStaffActor()) redirect(callbackUrl);
  const t = await getTranslations("admin.signIn");
  const error =
    params.error === undefined
      ? undefined
      : params.error === "rate_limited"
        ? "rate_limited"
        : params.error === "CredentialsSignin"
          ? "invalid"
          : "failed";
  return (
    <main className="mx-auto mt-16 w-full max-w-sm rounded-lg bg-white p-6 shadow">
      <h1 className="mb-6 text-xl font-semibold">{t("title")}</h1>
      {params.passwordSet === "1" ? (
        <p
          role="status"
          data-testid="password-set"
          className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800"
        >
          {t("passwordSet")}
        </p>
      ) : null}
      <SignInForm
        callbackUrl={callbackUrl}
        initialError={error}
        email={typeof params.email === "string" ? params.email.slice(0, 200) : undefined}
      />
    </main>
  );
}
