import Link from "next/link";
import { useTranslations } from "next-intl";
import type { WorkflowRunDetail } from "@/lib/workflow-engine/list-runs";
import { runsHref } from "./functions-table";
import { RunButtons, type RunActions } from "./run-buttons";
import { RunStatusTag } from "./run-status-tag";
import { Duration, When } from "./run-times";
import { ErrorDetails, JsonDetails } from "./value-details";

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-gray-500">{label}</dt>
      <dd className="break-words">{children}</dd>
    </div>
  );
}

/** A run's header: what started it, when it ran, how it ended, where it came from and went. */
export function RunSummary({ run, actions }: { run: WorkflowRunDetail; actions?: RunActions }) {
  const t = useTranslations("admin.workflows");
  return (
    <div className="space-y-3 rounded-lg bg-white p-4 shadow" data-testid="wf-run" data-run-id={run.id}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="break-all text-lg font-semibold">{t("runTitle", { id: run.id })}</h1>
        <RunStatusTag status={run.status} testId="wf-run-status" />
        <div className="ml-auto">
          <RunButtons run={run} actions={actions} />
        </div>
      </div>
      <dl className="grid grid-cols-1 gap-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <Field label={t("function")}>
          <Link href={runsHref({ functionId: run.functionId })} className="text-brand underline">
            {run.function?.name ?? run.functionId}
          </Link>
          <div className="font-mono text-xs text-gray-500">{run.functionId}</div>
          {run.function?.refused ? (
            <div className="text-xs text-red-700">{t("refused", { reason: run.function.refused })}</div>
          ) : null}
          {!run.function || run.function.removed ? <div className="text-xs text-gray-500">{t("removed")}</div> : null}
        </Field>
        <Field label={t("event")}>
          <span className="font-mono text-xs">{run.eventName ?? t("none")}</span>
        </Field>
        <Field label={t("scheduled")}>
          <When date={run.scheduledAt} />
        </Field>
        <Field label={t("startedAt")}>
          <When date={run.startedAt} />
        </Field>
        <Field label={t("endedAt")}>
          <When date={run.endedAt} />
        </Field>
        <Field label={t("duration")}>
          <Duration from={run.startedAt} to={run.endedAt} />
        </Field>
        {run.replayOf ? (
          <Field label={t("replayOfLabel")}>
            <Link href={`/admin/workflows/${run.replayOf}`} className="font-mono text-xs text-brand underline">
              {run.replayOf}
            </Link>
          </Field>
        ) : null}
        {run.replays.length > 0 ? (
          <Field label={t("replays")}>
            <ul className="space-y-1">
              {run.replays.map((replay) => (
                <li key={replay.id} className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/admin/workflows/${replay.id}`}
                    className="font-mono text-xs text-brand underline"
                    title={replay.id}
                  >
                    {replay.id.slice(0, 8)}
                  </Link>
                  <RunStatusTag status={replay.status} />
                </li>
              ))}
            </ul>
          </Field>
        ) : null}
        {run.cancelReason ? <Field label={t("cancelReason")}>{run.cancelReason}</Field> : null}
      </dl>
      <div className="space-y-2 text-sm">
        <div>
          <div className="text-xs text-gray-500">{t("eventJson")}</div>
          <JsonDetails value={run.event} testId="wf-event" />
        </div>
        {run.output !== null ? (
          <div>
            <div className="text-xs text-gray-500">{t("output")}</div>
            <JsonDetails value={run.output} testId="wf-output" />
          </div>
        ) : null}
        {run.error !== null ? (
          <div>
            <div className="text-xs text-gray-500">{t("error")}</div>
            <ErrorDetails error={run.error} testId="wf-error" />
          </div>
        ) : null}
      </div>
    </div>
  );
}
