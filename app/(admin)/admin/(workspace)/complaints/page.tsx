import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { QueueFilters } from "@/components/admin/queue-filters";
import { QueueTable } from "@/components/admin/queue-table";
import { listVisibleStaff } from "@/lib/auth/list-staff";
import { can } from "@/lib/auth/permissions";
import { EXPORT_LIMITS } from "@/lib/complaints/export/export-complaints";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { listQueue } from "@/lib/complaints/queue/list-queue";
import { parseQueueFilter, queueQueryString, SAVED_VIEWS } from "@/lib/complaints/queue/queue-filter";
import { db } from "@/lib/db";
import { groupNamesByCode } from "@/lib/staff/handling-groups";
import { timedLoad } from "@/lib/metrics/registry";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function QueuePage({ searchParams }: { searchParams: SearchParams }) {
  const filter = parseQueueFilter(await searchParams);
  const actor = await requireStaffPage("page.queue", `/admin/complaints?${queueQueryString(filter)}`);
  const [queue, staff, groups, t, e] = await Promise.all([
    timedLoad("page:/admin/complaints", () => listQueue({ db, actor, filter })),
    listVisibleStaff({ db, actor }),
    getLocale().then((locale) => groupNamesByCode({ db, locale })),
    getTranslations("admin.queue"),
    getTranslations("admin.export"),
  ]);
  const { after: _after, ...withoutCursor } = filter;
  const views = [
    { key: "all", query: "" },
    ...Object.entries(SAVED_VIEWS).map(([key, view]) => ({ key, query: queueQueryString(view) })),
  ];
  const current = queueQueryString(withoutCursor);
  return (
    <section>
      <div className="mb-3 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <nav aria-label={t("views.label")} className="flex flex-wrap gap-2 text-sm">
          {views.map((view) => (
            <Link
              key={view.key}
              href={`/admin/complaints${view.query ? `?${view.query}` : ""}`}
              data-testid={`view-${view.key}`}
              className={`rounded-full border px-3 py-1 ${view.query === current ? "border-brand bg-green-50 text-brand" : "border-gray-300 text-gray-700"}`}
            >
              {t(`views.${view.key}` as "views.all")}
            </Link>
          ))}
        </nav>
        <span className="ml-auto text-sm text-gray-500" data-testid="queue-total">
          {queue.totalEstimated
            ? t("totalEstimated", { count: queue.total })
            : queue.totalCapped
              ? t("totalCapped", { count: queue.total })
              : t("total", { count: queue.total })}
        </span>
      </div>
      <QueueFilters filter={filter} staff={staff} groups={groups} />
      {can(actor.role, "complaints.export") ? (
        <div className="mb-2 flex flex-wrap items-center gap-2 text-sm" data-testid="export">
          {(["csv", "xlsx"] as const).map((format) => (
            <a
              key={format}
              href={`/admin/complaints/export?${current}${current ? "&" : ""}format=${format}`}
              className="rounded border border-gray-300 bg-white px-2 py-1"
              data-testid={`export-${format}`}
            >
              {e(format)}
            </a>
          ))}
          <span className="text-xs text-gray-500">{e("hint", { max: EXPORT_LIMITS[actor.role] ?? 0 })}</span>
          {can(actor.role, "contact.reveal") ? (
            // A plain GET form: the download keeps the filter, and the reason goes to the audit log.
            <form
              action="/admin/complaints/export"
              method="get"
              className="flex flex-wrap items-center gap-1"
              data-testid="export-contacts"
            >
              {[...new URLSearchParams(current)].map(([name, value], index) => (
                <input key={`${name}-${index}`} type="hidden" name={name} value={value} />
              ))}
              <input
                name="reason"
                required
                minLength={4}
                maxLength={200}
                placeholder={e("contactsReason")}
                aria-label={e("contactsReason")}
                className="w-56 rounded border border-gray-300 px-2 py-1"
              />
              <select name="format" aria-label={e("format")} className="rounded border border-gray-300 px-1 py-1">
                <option value="csv">CSV</option>
                <option value="xlsx">XLSX</option>
              </select>
              <button className="rounded border border-gray-300 bg-white px-2 py-1">{e("withContacts")}</button>
            </form>
          ) : null}
        </div>
      ) : null}
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <QueueTable rows={queue.rows} sort={queue.sort} dir={queue.dir} groupNames={groups} />
        {queue.rows.length === 0 ? <p className="p-4 text-gray-500">{t("empty")}</p> : null}
      </div>
      <div className="mt-3 flex gap-4 text-sm">
        {filter.after ? <Link href={`/admin/complaints?${current}`}>{t("first")}</Link> : null}
        {queue.nextCursor ? (
          <Link
            className="text-brand underline"
            data-testid="queue-next"
            href={`/admin/complaints?${queueQueryString({ ...withoutCursor, after: queue.nextCursor })}`}
          >
            {t("next")}
          </Link>
        ) : null}
      </div>
    </section>
  );
}
