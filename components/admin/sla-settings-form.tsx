"use client";

import { useTranslations } from "next-intl";
import { useActionState } from "react";
import type { FormAction } from "@/lib/forms/form-action";
import { priorityKey } from "@/lib/complaints/vocabulary/label-keys";

type Policy = {
  priority: string;
  firstResponseMinutes: number;
  resolutionPlanMinutes: number;
  warnBeforeMinutes: number;
  businessStartMinute: number | null;
  businessEndMinute: number | null;
};

const hhmm = (minutes: number | null) =>
  minutes === null
    ? ""
    : `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
const CLOCKS = [
  ["businessStart", "businessStart", "businessStartMinute"],
  ["businessEnd", "businessEnd", "businessEndMinute"],
] as const;
const FIELDS = [
  ["firstResponseMinutes", "firstResponse"],
  ["resolutionPlanMinutes", "resolutionPlan"],
  ["warnBeforeMinutes", "warnBefore"],
] as const;

export function SlaSettingsForm({
  policies,
  updatedAt,
  editable,
  updateSlaPoliciesAction,
}: {
  policies: Policy[];
  updatedAt: string;
  editable: boolean;
  updateSlaPoliciesAction: FormAction;
}) {
  const t = useTranslations();
  const [state, action, pending] = useActionState(updateSlaPoliciesAction, {});
  return (
    <form action={action} className="space-y-3" data-testid="sla-settings">
      <input type="hidden" name="expectedUpdatedAt" value={updatedAt} />
      <table className="text-sm">
        <thead className="text-left text-gray-600">
          <tr>
            <th className="pr-4">{t("admin.settings.priority")}</th>
            {[...FIELDS, ...CLOCKS].map(([, label]) => (
              <th key={label} className="pr-4">
                {t(`admin.settings.${label}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {policies.map((policy) => (
            <tr key={policy.priority}>
              <td className="pr-4">{t(priorityKey(policy.priority))}</td>
              {FIELDS.map(([field, label]) => (
                <td key={field} className="py-1 pr-4">
                  <input
                    name={`${policy.priority}.${field}`}
                    type="number"
                    min={1}
                    defaultValue={policy[field]}
                    disabled={!editable}
                    aria-label={`${t(priorityKey(policy.priority))} ${t(`admin.settings.${label}`)}`}
                    className="w-28 rounded border border-gray-300 px-2 py-1"
                  />
                  {state.fieldErrors?.[`${policy.priority}.${field}`] ? (
                    <p className="text-xs text-red-600">{state.fieldErrors[`${policy.priority}.${field}`]}</p>
                  ) : null}
                </td>
              ))}
              {CLOCKS.map(([field, label, key]) => (
                <td key={field} className="py-1 pr-4">
                  <input
                    name={`${policy.priority}.${field}`}
                    type="time"
                    defaultValue={hhmm(policy[key])}
                    disabled={!editable}
                    aria-label={`${t(priorityKey(policy.priority))} ${t(`admin.settings.${label}`)}`}
                    className="w-28 rounded border border-gray-300 px-2 py-1"
                  />
                  {state.fieldErrors?.[`${policy.priority}.${field}`] ? (
                    <p className="text-xs text-red-600">{state.fieldErrors[`${policy.priority}.${field}`]}</p>
                  ) : null}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {state.message ? (
        <p
          role={state.ok ? "status" : "alert"}
          data-testid={state.ok ? "action-ok" : "error-message"}
          className={`text-sm ${state.ok ? "text-green-700" : "text-red-700"}`}
        >
          {state.message}
        </p>
      ) : null}
      {editable ? (
        <button disabled={pending} className="rounded bg-brand px-3 py-1.5 text-sm text-white disabled:opacity-60">
          {t("admin.settings.save")}
        </button>
      ) : (
        <p className="text-sm text-gray-500">{t("admin.settings.readOnly")}</p>
      )}
    </form>
  );
}
