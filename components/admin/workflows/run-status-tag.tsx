import { useTranslations } from "next-intl";

const STYLE: Record<string, string> = {
  queued: "bg-sky-50 text-sky-700",
  running: "bg-blue-100 text-blue-800",
  sleeping: "bg-indigo-50 text-indigo-700",
  waiting: "bg-amber-50 text-amber-800",
  completed: "bg-green-100 text-green-700",
  failed: "bg-red-100 text-red-700",
  cancelled: "bg-gray-100 text-gray-600",
};

/** A run's or a step's status as a coloured tag (steps share the run statuses' names). */
export function RunStatusTag({ status, testId }: { status: string; testId?: string }) {
  const t = useTranslations("admin.workflows.statuses");
  return (
    <span
      className={`whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ${STYLE[status] ?? "bg-gray-100 text-gray-600"}`}
      data-testid={testId}
      data-status={status}
    >
      {t.has(status) ? t(status) : status}
    </span>
  );
}
