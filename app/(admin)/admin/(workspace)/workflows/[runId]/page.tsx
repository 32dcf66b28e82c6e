import Link from "next/link";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PendingWork } from "@/components/admin/workflows/pending-work";
import { RunSummary } from "@/components/admin/workflows/run-summary";
import { StepsTable } from "@/components/admin/workflows/steps-table";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { isAppError } from "@/lib/errors";
import { getWorkflowRun } from "@/lib/workflow-engine/list-runs";
import { cancelRunAction, replayRunAction } from "../actions";

export default async function WorkflowRunPage({ params }: { params: Promise<{ runId: string }> }) {
  const { runId } = await params;
  const actor = await requireStaffPage("page.workflows", `/admin/workflows/${runId}`);
  const run = await getWorkflowRun({ db, actor, runId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  const t = await getTranslations("admin.workflows");
  return (
    <section className="space-y-4">
      <Link href="/admin/workflows" className="text-sm text-brand underline">
        {t("back")}
      </Link>
      <RunSummary
        run={run}
        actions={can(actor.role, "workflows.manage") ? { replay: replayRunAction, cancel: cancelRunAction } : undefined}
      />
      <StepsTable steps={run.steps} />
      <PendingWork waits={run.waits} jobs={run.jobs} />
    </section>
  );
}
