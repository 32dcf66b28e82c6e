import { getTranslations } from "next-intl/server";
import { FunctionsTable } from "@/components/admin/workflows/functions-table";
import { RunsFilter } from "@/components/admin/workflows/runs-filter";
import { RunsTable } from "@/components/admin/workflows/runs-table";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { workflowMode } from "@/lib/config/inngest-config";
import { db } from "@/lib/db";
import { getWorkflowOverview, parseWorkflowFilter, RUNS_PAGE_SIZE } from "@/lib/workflow-engine/list-runs";
import { cancelRunAction, replayRunAction, runNowAction } from "./actions";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function WorkflowsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaffPage("page.workflows", "/admin/workflows");
  const overview = await getWorkflowOverview({ db, actor, filter: parseWorkflowFilter(await searchParams) });
  const t = await getTranslations("admin.workflows");
  const manage = can(actor.role, "workflows.manage");
  const mode = workflowMode();
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
        {mode === "embedded" ? null : (
          <p className="mt-1 text-sm text-amber-700" data-testid="wf-mode" data-mode={mode}>
            {t(`notice.${mode}`)}
          </p>
        )}
      </div>
      <FunctionsTable functions={overview.functions} runNowAction={manage ? runNowAction : undefined} />
      <div className="space-y-2">
        <h2 className="font-medium">{t("runs")}</h2>
        <RunsFilter filter={overview.filter} functions={overview.functions} />
        <p className="text-xs text-gray-500">{t("showing", { count: RUNS_PAGE_SIZE })}</p>
        <RunsTable
          runs={overview.runs}
          functionNames={Object.fromEntries(overview.functions.map((fn) => [fn.id, fn.name]))}
          actions={manage ? { replay: replayRunAction, cancel: cancelRunAction } : undefined}
        />
      </div>
    </section>
  );
}
