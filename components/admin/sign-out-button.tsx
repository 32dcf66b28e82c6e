"use client";

import { signOut } from "next-auth/react";
import { useTranslations } from "next-intl";

export function SignOutButton() {
  const t = useTranslations("admin.nav");
  return (
    <button
      type="button"
      className="text-sm text-gray-600 hover:text-gray-900"
      onClick={() => void signOut({ callbackUrl: "/admin/sign-in" })}
    >
      {t("signOut")}
    </button>
  );
}
