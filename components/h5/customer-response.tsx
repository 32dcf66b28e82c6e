"use client";

import { useTranslations } from "next-intl";
import { useActionState, useState } from "react";
import type { FormAction } from "@/lib/forms/form-action";
import type { FormState } from "@/lib/forms/form-state";

function Result({ state }: { state: FormState }) {
  if (!state.message) return null;
  return (
    <p role="alert" data-testid="error-message" className="text-sm text-red-600">
      {state.message}
    </p>
  );
}

const box = "w-full rounded-lg border border-gray-300 px-3 py-2 text-sm";
const primary = "w-full rounded-full bg-brand py-2.5 text-sm font-medium text-white disabled:opacity-60";

/** The customer's turn: answer our question while we wait, or confirm / reject a resolution. */
export function CustomerResponse({
  complaintId,
  status,
  answerAction,
  confirmAction,
  rejectAction,
}: {
  complaintId: string;
  status: string;
  answerAction: FormAction;
  confirmAction: FormAction;
  rejectAction: FormAction;
}) {
  const t = useTranslations("h5.complaint");
  const [answer, answerForm, answering] = useActionState(answerAction, {});
  const [confirm, confirmForm, confirming] = useActionState(confirmAction, {});
  const [reject, rejectForm, rejecting] = useActionState(rejectAction, {});
  const [rejectOpen, setRejectOpen] = useState(false);

  if (status === "waiting_customer") {
    return (
      <form action={answerForm} className="space-y-2 rounded-xl bg-blue-50 p-3" data-testid="answer-form">
        <p className="text-sm font-medium text-blue-900">{t("answerTitle")}</p>
        <input type="hidden" name="complaintId" value={complaintId} />
        <textarea name="text" required maxLength={500} rows={3} className={box} placeholder={t("answerPlaceholder")} />
        <Result state={answer} />
        <button disabled={answering} className={primary}>
          {answering ? t("sending") : t("send")}
        </button>
      </form>
    );
  }
  if (status !== "resolved") return null;
  return (
    <div className="space-y-2 rounded-xl bg-green-50 p-3" data-testid="resolution-response">
      <p className="text-sm font-medium text-green-900">{t("resolvedTitle")}</p>
      <form action={confirmForm}>
        <input type="hidden" name="complaintId" value={complaintId} />
        <button disabled={confirming} className={primary} data-testid="confirm-resolution">
          {t("confirm")}
        </button>
      </form>
      <Result state={confirm} />
      {rejectOpen ? (
        <form action={rejectForm} className="space-y-2">
          <input type="hidden" name="complaintId" value={complaintId} />
          <textarea name="reason" required maxLength={300} rows={2} className={box} placeholder={t("rejectReason")} />
          <Result state={reject} />
          <button disabled={rejecting} className="w-full rounded-full border border-gray-300 bg-white py-2.5 text-sm">
            {t("rejectSubmit")}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="w-full py-2 text-sm text-gray-600 underline"
          onClick={() => setRejectOpen(true)}
          data-testid="reject-resolution"
        >
          {t("reject")}
        </button>
      )}
    </div>
  );
}
