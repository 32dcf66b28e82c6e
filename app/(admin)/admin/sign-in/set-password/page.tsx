import { getTranslations } from "next-intl/server";
import { SetPasswordForm } from "@/components/admin/set-password-form";
import { db } from "@/lib/db";
import { MIN_PASSWORD_LENGTH } from "@/lib/staff/set-password";
import { previewStaffToken } from "@/lib/staff/staff-tokens";
import { setPasswordAction } from "./actions";

/** Where an invitation or a password-reset link leads: the link itself is the credential. */
export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ t?: string | string[] }> }) {
  const [{ t: token }, t] = [await searchParams, await getTranslations("admin.setPassword")];
  const preview = await previewStaffToken({ db, token });
  if (!preview || typeof token !== "string")
    return (
      <main className="mx-auto mt-16 w-full max-w-sm rounded-lg bg-white p-6 shadow">
        <h1 className="mb-4 text-xl font-semibold">{t("title")}</h1>
        <p role="alert" data-testid="error-message" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {t("invalidLink")}
        </p>
      </main>
    );
  return (
    <main className="mx-auto mt-16 w-full max-w-sm rounded-lg bg-white p-6 shadow">
      <h1 className="mb-2 text-xl font-semibold">{t(preview.purpose === "invite" ? "welcome" : "title")}</h1>
      <p className="mb-6 text-sm text-gray-600" data-testid="set-password-account">
        {t("account", { name: preview.name, email: preview.email })}
      </p>
      <SetPasswordForm
        token={token}
        email={preview.email}
        minLength={MIN_PASSWORD_LENGTH}
        setPasswordAction={setPasswordAction}
      />
    </main>
  );
}
