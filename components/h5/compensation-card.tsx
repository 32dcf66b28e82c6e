"use client";

import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormAction } from "@/lib/forms/form-action";
import { formatYuan } from "@/lib/money";

type Compensation = {
  id: string;
  type: string;
  amountFen: number;
  status: string;
  validUntil: Date | null;
  expired: boolean;
};

const ICON: Record<string, string> = { coupon: "🎟️", points: "⭐", refund: "💴" };

/** A compensation as a card: icon, value, validity, and 立即领取 while it is on offer. */
export function CompensationCard({
  complaintId,
  compensation,
  claimCompensationAction,
}: {
  complaintId: string;
  compensation: Compensation;
  claimCompensationAction: FormAction;
}) {
  const t = useTranslations("h5.complaint");
  const tc = useTranslations("compensation");
  const locale = useLocale();
  const format = useFormatter();
  const [state, action, pending] = useActionState(claimCompensationAction, {});
  const title =
    compensation.type === "coupon"
      ? t("couponTitle", { amount: formatYuan(compensation.amountFen, locale) })
      : compensation.type === "points"
        ? t("pointsTitle", { points: Math.round(compensation.amountFen / 100) })
        : t("refundTitle", { amount: formatYuan(compensation.amountFen, locale) });
  const expired = compensation.expired;
  return (
    <li
      className="flex items-center gap-3 rounded-xl bg-gradient-to-r from-orange-50 to-amber-50 px-4 py-3 ring-1 ring-orange-200"
      data-testid="compensation"
      data-type={compensation.type}
      data-status={compensation.status}
    >
      <span className="text-2xl" aria-hidden>
        {ICON[compensation.type] ?? "🎁"}
      </span>
      <div className="min-w-0 flex-1">
        <p className="font-semibold text-orange-800">{title}</p>
        {compensation.validUntil ? (
          <p className="text-xs text-orange-700">
            {t("validUntil", { date: format.dateTime(compensation.validUntil, { dateStyle: "medium" }) })}
          </p>
        ) : null}
        {state.message && !state.ok ? (
          <p className="text-xs text-red-600" data-testid="error-message">
            {state.message}
          </p>
        ) : null}
      </div>
      {compensation.status === "offered" && !expired ? (
        <form action={action}>
          <input type="hidden" name="complaintId" value={complaintId} />
          <input type="hidden" name="compensationId" value={compensation.id} />
          <button
            type="submit"
            disabled={pending}
            className="rounded-full bg-orange-500 px-4 py-1.5 text-sm font-medium text-white disabled:opacity-60"
            data-testid="claim-compensation"
          >
            {t("claim")}
          </button>
        </form>
      ) : (
        <span className="text-xs text-orange-700" data-testid="compensation-status">
          {expired ? t("expired") : tc(`status.${compensation.status}` as "status.claimed")}
        </span>
      )}
    </li>
  );
}
