import { useTranslations } from "next-intl";
import type { WorkflowRunDetail } from "@/lib/workflow-engine/list-runs";
import { RunStatusTag } from "./run-status-tag";
import { Duration, When } from "./run-times";
import { ErrorDetails, JsonDetails } from "./value-details";

/**
 * A run's steps in the order they finished (position = the SDK's memo order); steps still open
 * (running, sleeping, waiting) come last. "Due" is a sleep's wake time or a wait's expiry.
 */
export function StepsTable({ steps }: { steps: WorkflowRunDetail["steps"] }) {
  const t = useTranslations("admin.workflows");
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow">
      <table className="min-w-full text-left text-sm" data-testid="wf-steps">
        <caption className="p-2 text-left font-medium">{t("steps")}</caption>
        <thead className="bg-gray-50 text-gray-600">
          <tr>
            <th className="px-3 py-2">#</th>
            <th className="px-3 py-2">{t("step")}</th>
            <th className="px-3 py-2">{t("op")}</th>
            <th className="px-3 py-2">{t("status")}</th>
            <th className="px-3 py-2">{t("attempts")}</th>
            <th className="px-3 py-2">{t("startedAt")}</th>
            <th className="px-3 py-2">{t("endedAt")}</th>
            <th className="px-3 py-2">{t("duration")}</th>
            <th className="px-3 py-2">{t("due")}</th>
            <th className="px-3 py-2">{t("data")}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((step) => (
            <tr
              key={step.id}
              className="border-t border-gray-100 align-top"
              data-testid="wf-step-row"
              data-step-id={step.id}
              data-status={step.status}
            >
              <td className="px-3 py-2 tabular-nums text-gray-500">{step.position ?? t("none")}</td>
              <td className="px-3 py-2">
                <div>{step.name}</div>
                <div className="font-mono text-xs text-gray-400" title={step.id}>
                  {step.id.slice(0, 12)}
                </div>
              </td>
              <td className="px-3 py-2 font-mono text-xs">{step.op}</td>
              <td className="px-3 py-2">
                <RunStatusTag status={step.status} />
              </td>
              <td className="px-3 py-2 tabular-nums">{step.attempts}</td>
              <td className="px-3 py-2">
                <When date={step.startedAt} />
              </td>
              <td className="px-3 py-2">
                <When date={step.endedAt} />
              </td>
              <td className="px-3 py-2">
                <Duration from={step.startedAt} to={step.endedAt} />
              </td>
              <td className="px-3 py-2">{step.dueAt ? <When date={step.dueAt} /> : null}</td>
              <td className="px-3 py-2">
                <ErrorDetails error={step.error} />
                <JsonDetails value={step.data} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {steps.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("noSteps")}</p> : null}
    </div>
  );
}
