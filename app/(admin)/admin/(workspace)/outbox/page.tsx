import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { workflowMode } from "@/lib/config/inngest-config";
import { db } from "@/lib/db";
import { getOutboxStatus } from "@/lib/outbox/outbox-status";
import { complaintNumber } from "@/lib/complaints/complaint-number";

export default async function OutboxPage() {
  const actor = await requireStaffPage("page.outbox", "/admin/outbox");
  const [status, t, format] = await Promise.all([
    getOutboxStatus({ db, actor }),
    getTranslations("admin.outbox"),
    getFormatter(),
  ]);
  const mode = workflowMode();
  const when = (date: Date | null) =>
    date ? format.dateTime(date, { dateStyle: "short", timeStyle: "medium" }) : t("none");
  const cards = [
    { label: t("pending"), value: String(status.pending), testId: "outbox-pending" },
    {
      label: t("oldest"),
      value: status.oldestPendingAt
        ? `${when(status.oldestPendingAt)} · ${t("lag", { seconds: status.lagSeconds })}`
        : t("none"),
      testId: "outbox-lag",
    },
    { label: t("failing"), value: String(status.failing), testId: "outbox-failing" },
    { label: t("sentLastHour"), value: String(status.sentLastHour), testId: "outbox-sent" },
  ];
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
        <p
          className={`mt-1 text-sm ${mode === "off" ? "text-amber-700" : "text-green-700"}`}
          data-testid="outbox-mode"
          data-mode={mode}
        >
          {t(`mode.${mode}`)}
          {mode === "embedded" && can(actor.role, "page.workflows") ? (
            <>
              {" "}
              <Link href="/admin/workflows" className="text-brand underline">
                {t("workflowsLink")}
              </Link>
            </>
          ) : null}
        </p>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        {cards.map((card) => (
          <div key={card.label} className="rounded-lg bg-white p-3 shadow" data-testid={card.testId}>
            <div className="text-xs text-gray-500">{card.label}</div>
            <div className="text-lg font-semibold">{card.value}</div>
          </div>
        ))}
      </div>
      {status.lastError ? (
        <p className="rounded bg-red-50 p-2 text-sm text-red-700">
          {t("lastError")}: {status.lastError} ({when(status.lastErrorAt)})
        </p>
      ) : null}
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm">
          <caption className="p-2 text-left font-medium">{t("recent")}</caption>
          <thead className="bg-gray-50 text-gray-600">
            <tr>
              <th className="px-3 py-2">#</th>
              <th className="px-3 py-2">{t("name")}</th>
              <th className="px-3 py-2">{t("aggregate")}</th>
              <th className="px-3 py-2">{t("created")}</th>
              <th className="px-3 py-2">{t("sent")}</th>
              <th className="px-3 py-2">{t("attempts")}</th>
            </tr>
          </thead>
          <tbody>
            {status.recent.map((row) => (
              <tr key={row.id} className="border-t border-gray-100">
                <td className="px-3 py-1 font-mono">{row.id}</td>
                <td className="px-3 py-1 font-mono">{row.name}</td>
                <td className="px-3 py-1 font-mono text-xs">{complaintNumber(row.aggregateId)}</td>
                <td className="px-3 py-1">{when(row.createdAt)}</td>
                <td className="px-3 py-1">{when(row.sentAt)}</td>
                <td className="px-3 py-1">{row.attempts}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
