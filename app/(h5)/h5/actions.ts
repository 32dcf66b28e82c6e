"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { getH5Customer } from "@/lib/auth/h5-session";
import { h5ComplaintSchema } from "@/lib/complaints/complaint-schemas";
import { fileH5Complaint } from "@/lib/complaints/file-h5-complaint";
import { fieldEncryptionKey } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { LOCALE_COOKIE, LOCALES } from "@/lib/i18n/config";
import { formStateFromError, type FormState } from "@/lib/forms/form-state";
import { appObjectStore } from "@/lib/storage/app-store";
import { parseInput } from "@/lib/validation";

export async function submitComplaintAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const customer = await getH5Customer({ db });
  const t = await getTranslations();
  if (!customer) return { message: t("errors.session_required") };

  let complaintId: string;
  try {
    const fields = parseInput(h5ComplaintSchema, {
      orderNo: formData.get("orderNo"),
      category: formData.get("category") ?? undefined,
      description: formData.get("description") ?? "",
      contact: formData.get("contact") ?? undefined,
      submissionId: formData.get("submissionId"),
    });
    const files = formData.getAll("photos").filter((entry): entry is File => entry instanceof File && entry.size > 0);
    const photos = await Promise.all(files.map(async (file) => ({ size: file.size, bytes: new Uint8Array(await file.arrayBuffer()) })));
    ({ id: complaintId } = await fileH5Complaint({ db, store: appObjectStore(), customerId: customer.id, fields, files: photos, encryptionKey: fieldEncryptionKey() }));
  } catch (error) {
    return formStateFromError({ t, error });
  }
  redirect(`/h5/complaints/${complaintId}`);
}

const localeSchema = z.enum(LOCALES);

export async function setLocaleAction(locale: string): Promise<void> {
  const parsed = localeSchema.safeParse(locale);
  if (!parsed.success) return;
  (await cookies()).set(LOCALE_COOKIE, parsed.data, { path: "/", maxAge: 365 * 86_400, sameSite: "lax" });
}
