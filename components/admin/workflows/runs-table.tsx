import Link from "next/link";
import { useTranslations } from "next-intl";
import type { WorkflowRunRow } from "@/lib/workflow-engine/list-runs";
import { RunButtons, type RunActions } from "./run-buttons";
import { RunStatusTag } from "./run-status-tag";
import { When } from "./run-times";

const ERROR_EXCERPT = 120;

/** The latest runs, newest first, each linking to its page; buttons for those who may manage. */
export function RunsTable({
  runs,
  functionNames,
  actions,
}: {
  runs: WorkflowRunRow[];
  functionNames: Record<string, string>;
  actions?: RunActions;
}) {
  const t = useTranslations("admin.workflows");
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow">
      <table className="min-w-full text-left text-sm" data-testid="wf-runs">
        <thead className="bg-gray-50 text-gray-600">
          <tr>
            <th className="px-3 py-2">{t("run")}</th>
            <th className="px-3 py-2">{t("function")}</th>
            <th className="px-3 py-2">{t("status")}</th>
            <th className="px-3 py-2">{t("event")}</th>
            <th className="px-3 py-2">{t("scheduled")}</th>
            <th className="px-3 py-2">{t("startedAt")}</th>
            <th className="px-3 py-2">{t("endedAt")}</th>
            <th className="px-3 py-2">{t("error")}</th>
            {actions ? <th className="px-3 py-2">{t("actions")}</th> : null}
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr
              key={run.id}
              className="border-t border-gray-100 align-top"
              data-testid="wf-run-row"
              data-run-id={run.id}
              data-status={run.status}
            >
              <td className="px-3 py-2">
                <Link
                  href={`/admin/workflows/${run.id}`}
                  className="font-mono text-xs text-brand underline"
                  title={run.id}
                >
                  {run.id.slice(0, 8)}
                </Link>
                {run.replayOf ? (
                  <div className="whitespace-nowrap text-xs text-gray-500">
                    {t("replayOf", { id: run.replayOf.slice(0, 8) })}
                  </div>
                ) : null}
              </td>
              <td className="px-3 py-2">
                <span title={run.functionId}>{functionNames[run.functionId] ?? run.functionId}</span>
              </td>
              <td className="px-3 py-2">
                <RunStatusTag status={run.status} testId="wf-run-status" />
              </td>
              <td className="px-3 py-2 font-mono text-xs">{run.eventName ?? t("none")}</td>
              <td className="px-3 py-2">
                <When date={run.scheduledAt} />
              </td>
              <td className="px-3 py-2">
                <When date={run.startedAt} />
              </td>
              <td className="px-3 py-2">
                <When date={run.endedAt} />
              </td>
              <td className="max-w-xs px-3 py-2 text-xs break-words text-red-700" title={run.errorMessage ?? undefined}>
                {run.errorMessage
                  ? run.errorMessage.length > ERROR_EXCERPT
                    ? `${run.errorMessage.slice(0, ERROR_EXCERPT)}…`
                    : run.errorMessage
                  : null}
              </td>
              {actions ? (
                <td className="px-3 py-2">
                  <RunButtons run={run} actions={actions} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      {runs.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("noRuns")}</p> : null}
    </div>
  );
}
