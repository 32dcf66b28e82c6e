import { getTranslations } from "next-intl/server";

// The seed's colours: red while someone still has to act, green resolved, grey closed.
const COLOURS: Record<string, string> = {
  new: "bg-red-50 text-red-700 ring-red-200",
  processing: "bg-red-50 text-red-700 ring-red-200",
  waiting_customer: "bg-amber-50 text-amber-700 ring-amber-200",
  resolved: "bg-green-50 text-green-700 ring-green-200",
  closed: "bg-gray-100 text-gray-600 ring-gray-200",
};

export async function StatusTag({ status }: { status: string }) {
  const t = await getTranslations("status");
  return (
    <span
      data-testid="status-tag"
      data-status={status}
      className={`inline-flex shrink-0 items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ${COLOURS[status] ?? COLOURS.closed}`}
    >
      {t(status as "new")}
    </span>
  );
}
