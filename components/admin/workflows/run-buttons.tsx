import { useTranslations } from "next-intl";
import { SmallAction } from "@/components/admin/small-action";
import type { FormState } from "@/lib/forms/form-state";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** The server actions a manager may use; absent for those who may only look. */
export type RunActions = { replay: Action; cancel: Action };

/** Retry (replay) for a failed or cancelled run, cancel for an open one. */
export function RunButtons({
  run,
  actions,
}: {
  run: { id: string; replayable: boolean; cancellable: boolean };
  actions?: RunActions;
}) {
  const t = useTranslations("admin.workflows");
  if (!actions || (!run.replayable && !run.cancellable)) return null;
  return (
    <div className="flex flex-wrap gap-2">
      {run.replayable ? (
        <SmallAction action={actions.replay} fields={{ runId: run.id }} label={t("replay")} testId="wf-replay" />
      ) : null}
      {run.cancellable ? (
        <SmallAction action={actions.cancel} fields={{ runId: run.id }} label={t("cancel")} testId="wf-cancel" />
      ) : null}
    </div>
  );
}
