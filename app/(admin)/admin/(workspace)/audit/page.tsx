import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { auditFilterSchema, listAuditLog } from "@/lib/audit/list-audit-log";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function json(value: unknown) {
  return value === null || value === undefined ? "" : JSON.stringify(value);
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaffPage("page.audit", "/admin/audit");
  const params = await searchParams;
  const filter = auditFilterSchema.parse(
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const { entries, nextBefore } = await listAuditLog({ db, actor, filter });
  const [t, format] = [await getTranslations("admin.audit"), await getFormatter()];
  const query = (before?: string) =>
    new URLSearchParams(
      Object.entries({ ...filter, before }).filter(
        (e): e is [string, string] => typeof e[1] === "string" && e[1] !== "",
      ),
    ).toString();
  return (
    <section>
      <h1 className="mb-4 text-xl font-semibold">{t("title")}</h1>
      <form className="mb-4 flex flex-wrap items-end gap-3 text-sm" method="get">
        <label className="flex flex-col">
          {t("filterAction")}
          <input
            name="action"
            defaultValue={filter.action}
            placeholder="auth."
            className="rounded border border-gray-300 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          {t("filterActor")}
          <input name="actor" defaultValue={filter.actor} className="rounded border border-gray-300 px-2 py-1" />
        </label>
        <label className="flex flex-col">
          {t("from")}
          <input
            type="date"
            name="from"
            defaultValue={filter.from}
            className="rounded border border-gray-300 px-2 py-1"
          />
        </label>
        <label className="flex flex-col">
          {t("to")}
          <input type="date" name="to" defaultValue={filter.to} className="rounded border border-gray-300 px-2 py-1" />
        </label>
        <button className="rounded bg-brand px-3 py-1.5 text-white">{t("apply")}</button>
        <Link href="/admin/audit" className="text-gray-600 underline">
          {t("reset")}
        </Link>
      </form>
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="audit-table">
          <thead className="bg-gray-50 text-gray-600">
            <tr>
              <th className="px-3 py-2">{t("at")}</th>
              <th className="px-3 py-2">{t("actor")}</th>
              <th className="px-3 py-2">{t("action")}</th>
              <th className="px-3 py-2">{t("target")}</th>
              <th className="px-3 py-2">{t("change")}</th>
              <th className="px-3 py-2">{t("ip")}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id.toString()} className="border-t border-gray-100 align-top">
                <td className="whitespace-nowrap px-3 py-2">
                  {format.dateTime(entry.at, { dateStyle: "short", timeStyle: "medium" })}
                </td>
                <td className="px-3 py-2">{entry.actorLabel ?? entry.actorType}</td>
                <td className="px-3 py-2 font-mono">{entry.action}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {entry.targetType ? `${entry.targetType}:${entry.targetId}` : ""}
                </td>
                <td className="max-w-md px-3 py-2 font-mono text-xs break-all">
                  {entry.before ? (
                    <div>
                      {t("before")}: {json(entry.before)}
                    </div>
                  ) : null}
                  {entry.after ? (
                    <div>
                      {t("after")}: {json(entry.after)}
                    </div>
                  ) : null}
                </td>
                <td className="px-3 py-2">{entry.ip ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.length === 0 ? <p className="p-4 text-gray-500">{t("empty")}</p> : null}
      </div>
      <div className="mt-3 flex gap-4 text-sm">
        {filter.before ? <Link href={`/admin/audit?${query()}`}>{t("first")}</Link> : null}
        {nextBefore ? (
          <Link href={`/admin/audit?${query(nextBefore)}`} className="text-brand underline">
            {t("next")}
          </Link>
        ) : null}
      </div>
    </section>
  );
}
