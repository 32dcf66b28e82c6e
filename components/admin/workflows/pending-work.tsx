import { useTranslations } from "next-intl";
import type { WorkflowRunDetail } from "@/lib/workflow-engine/list-runs";
import { When } from "./run-times";

/**
 * What an open run is waiting for: events it waits on (with the condition and when it gives up)
 * and the engine's queued work for it (the next call, a sleep's wake-up, a wait's time-out).
 */
export function PendingWork({ waits, jobs }: { waits: WorkflowRunDetail["waits"]; jobs: WorkflowRunDetail["jobs"] }) {
  const t = useTranslations("admin.workflows");
  const kinds = useTranslations("admin.workflows.jobKinds");
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {waits.length > 0 ? (
        <div className="overflow-x-auto rounded-lg bg-white shadow">
          <table className="min-w-full text-left text-sm" data-testid="wf-waits">
            <caption className="p-2 text-left font-medium">{t("waits")}</caption>
            <thead className="bg-gray-50 text-gray-600">
              <tr>
                <th className="px-3 py-2">{t("waitEvent")}</th>
                <th className="px-3 py-2">{t("expression")}</th>
                <th className="px-3 py-2">{t("expires")}</th>
              </tr>
            </thead>
            <tbody>
              {waits.map((wait) => (
                <tr key={wait.stepId} className="border-t border-gray-100 align-top" data-testid="wf-wait-row">
                  <td className="px-3 py-2 font-mono text-xs">{wait.eventName}</td>
                  <td className="px-3 py-2 font-mono text-xs break-all">{wait.expression ?? t("none")}</td>
                  <td className="px-3 py-2">
                    <When date={wait.expiresAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {jobs.length > 0 ? (
        <div className="overflow-x-auto rounded-lg bg-white shadow">
          <table className="min-w-full text-left text-sm" data-testid="wf-jobs">
            <caption className="p-2 text-left font-medium">{t("jobs")}</caption>
            <thead className="bg-gray-50 text-gray-600">
              <tr>
                <th className="px-3 py-2">{t("jobKind")}</th>
                <th className="px-3 py-2">{t("runAt")}</th>
                <th className="px-3 py-2">{t("attempt")}</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} className="border-t border-gray-100" data-testid="wf-job-row" data-kind={job.kind}>
                  <td className="px-3 py-2">{kinds.has(job.kind) ? kinds(job.kind) : job.kind}</td>
                  <td className="px-3 py-2">
                    <When date={job.runAt} />
                  </td>
                  <td className="px-3 py-2 tabular-nums">{job.attempt + 1}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
