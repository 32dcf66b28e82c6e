import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { SmallAction } from "@/components/admin/small-action";
import type { FormState } from "@/lib/forms/form-state";
import type { WorkflowOverview } from "@/lib/workflow-engine/list-runs";
import { RUN_STATUSES } from "@/lib/workflow-engine/run-state";
import { RunStatusTag } from "./run-status-tag";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** The overview filtered to a function and/or status (the same URL the filter form makes). */
export function runsHref({ functionId, status }: { functionId?: string; status?: string }): string {
  const query = new URLSearchParams(
    Object.entries({ functionId, status }).filter((e): e is [string, string] => Boolean(e[1])),
  ).toString();
  return query ? `/admin/workflows?${query}` : "/admin/workflows";
}

/** Every synced function: why the engine refuses it, its runs per status (links that filter), its schedule. */
export function FunctionsTable({
  functions,
  runNowAction,
}: {
  functions: WorkflowOverview["functions"];
  runNowAction?: Action;
}) {
  const t = useTranslations("admin.workflows");
  const format = useFormatter();
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow">
      <table className="min-w-full text-left text-sm" data-testid="wf-functions">
        <caption className="p-2 text-left font-medium">{t("functions")}</caption>
        <thead className="bg-gray-50 text-gray-600">
          <tr>
            <th className="px-3 py-2">{t("function")}</th>
            {RUN_STATUSES.map((status) => (
              <th key={status} className="px-2 py-2 text-center">
                <RunStatusTag status={status} />
              </th>
            ))}
            <th className="px-3 py-2">{t("schedule")}</th>
          </tr>
        </thead>
        <tbody>
          {functions.map((fn) => (
            <tr
              key={fn.id}
              className="border-t border-gray-100 align-top"
              data-testid="wf-function-row"
              data-function-id={fn.id}
            >
              <td className="px-3 py-2">
                <div className="font-medium">{fn.name}</div>
                <div className="font-mono text-xs text-gray-500">{fn.id}</div>
                {fn.refused ? (
                  <div className="mt-1 max-w-sm text-xs text-red-700" data-testid="wf-refused">
                    {t("refused", { reason: fn.refused })}
                  </div>
                ) : null}
                {fn.removed ? <div className="mt-1 text-xs text-gray-500">{t("removed")}</div> : null}
              </td>
              {RUN_STATUSES.map((status) => {
                const count = fn.counts[status];
                const testId = `wf-count-${fn.id}-${status}`;
                return (
                  <td key={status} className="px-2 py-2 text-center tabular-nums">
                    {count > 0 ? (
                      <Link
                        href={runsHref({ functionId: fn.id, status })}
                        className="text-brand underline"
                        data-testid={testId}
                      >
                        {count}
                      </Link>
                    ) : (
                      <span className="text-gray-300" data-testid={testId}>
                        0
                      </span>
                    )}
                  </td>
                );
              })}
              <td className="px-3 py-2">
                {fn.crons.map((cron) => (
                  <div key={cron.cron} className="whitespace-nowrap">
                    <span className="font-mono text-xs">{cron.cron}</span>
                    <div className="text-xs text-gray-500">
                      {t("nextAt", { date: format.dateTime(cron.nextAt, { dateStyle: "short", timeStyle: "short" }) })}
                    </div>
                  </div>
                ))}
                {fn.canRunNow && runNowAction ? (
                  <div className="mt-1">
                    <SmallAction
                      action={runNowAction}
                      fields={{ functionId: fn.id }}
                      label={t("runNow")}
                      testId={`wf-run-now-${fn.id}`}
                    />
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {functions.length === 0 ? <p className="p-3 text-sm text-gray-500">{t("noFunctions")}</p> : null}
    </div>
  );
}
