import Link from "next/link";
import { useTranslations } from "next-intl";
import type { WorkflowFilter } from "@/lib/workflow-engine/list-runs";
import { RUN_STATUSES } from "@/lib/workflow-engine/run-state";

/** The runs list's filter as a GET form, so a filtered view is a shareable URL. */
export function RunsFilter({
  filter,
  functions,
}: {
  filter: WorkflowFilter;
  functions: { id: string; name: string }[];
}) {
  const t = useTranslations("admin.workflows");
  const statuses = useTranslations("admin.workflows.statuses");
  const box = "rounded border border-gray-300 bg-white px-2 py-1";
  return (
    <form
      className="flex flex-wrap items-end gap-3 text-sm"
      method="get"
      action="/admin/workflows"
      data-testid="wf-filter"
    >
      <label className="flex flex-col">
        {t("filterFunction")}
        <select name="functionId" defaultValue={filter.functionId ?? ""} className={box}>
          <option value="">{t("all")}</option>
          {functions.map((fn) => (
            <option key={fn.id} value={fn.id}>
              {fn.name === fn.id ? fn.id : `${fn.name} (${fn.id})`}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col">
        {t("filterStatus")}
        <select name="status" defaultValue={filter.status ?? ""} className={box}>
          <option value="">{t("all")}</option>
          {RUN_STATUSES.map((status) => (
            <option key={status} value={status}>
              {statuses(status)}
            </option>
          ))}
        </select>
      </label>
      <button className="rounded bg-brand px-3 py-1.5 text-white">{t("apply")}</button>
      <Link href="/admin/workflows" className="text-gray-600 underline">
        {t("reset")}
      </Link>
    </form>
  );
}
