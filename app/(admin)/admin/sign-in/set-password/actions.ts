"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { formObject } from "@/lib/auth/staff-action";
import { db } from "@/lib/db";
import { formStateFromError, type FormState } from "@/lib/forms/form-state";
import { clientAddress } from "@/lib/rate-limit/client-address";
import { setPasswordWithToken } from "@/lib/staff/set-password";

/** The one-time link's form: the link is the credential (checked first, used once). */
export async function setPasswordAction(_: FormState, formData: FormData): Promise<FormState> {
  const outcome = await setPasswordWithToken({
    db,
    input: formObject(formData),
    ip: clientAddress(await headers()),
  });
  if (!outcome.ok) return formStateFromError({ t: await getTranslations(), error: outcome.error });
  redirect(`/admin/sign-in?passwordSet=1&email=${encodeURIComponent(outcome.email)}`);
}
