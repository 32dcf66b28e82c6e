"use client";

import { useTranslations } from "next-intl";
import type { FormAction } from "@/lib/forms/form-action";
import { QA_CHECKLIST } from "@/lib/qa/checklist";
import { ActionForm } from "./action-form";

export function QaForm({
  complaintId,
  version,
  qaReviewAction,
}: {
  complaintId: string;
  version: number;
  qaReviewAction: FormAction;
}) {
  const t = useTranslations("qa");
  return (
    <ActionForm
      action={qaReviewAction}
      complaintId={complaintId}
      version={version}
      label={t("submit")}
      testId="action-qa"
    >
      <div className="grid grid-cols-2 gap-1 text-sm">
        {QA_CHECKLIST.map((item) => (
          <label key={item} className="flex items-center gap-1">
            <input type="checkbox" name="checks" value={item} />
            {t(`checks.${item}`)}
          </label>
        ))}
      </div>
      <textarea
        name="comment"
        required
        maxLength={1000}
        rows={2}
        className="w-full rounded border border-gray-300 px-2 py-1 text-sm"
        aria-label={t("comment")}
        placeholder={t("comment")}
      />
    </ActionForm>
  );
}
