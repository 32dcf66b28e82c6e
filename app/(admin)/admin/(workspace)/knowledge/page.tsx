import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { CategorySelect } from "@/components/admin/category-select";
import { KnowledgeTabs } from "@/components/admin/knowledge-tabs";
import { SmallAction } from "@/components/admin/small-action";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { CASE_STATUSES, caseFilterSchema, listCases } from "@/lib/knowledge/case-library";
import { reviewCaseAction } from "./actions";
import { categoryKey, outcomeKey } from "@/lib/complaints/vocabulary/label-keys";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;
const box = "rounded border border-gray-300 px-2 py-1";

export default async function CaseLibraryPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaffPage("page.knowledge", "/admin/knowledge");
  const params = await searchParams;
  const filter = caseFilterSchema.parse(
    Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])),
  );
  const [{ cases, status, page, hasMore }, t, all, format] = await Promise.all([
    listCases({ db, actor, filter }),
    getTranslations("admin.knowledge"),
    getTranslations(),
    getFormatter(),
  ]);
  const reviewer = can(actor.role, "knowledge.review_cases");
  const pageHref = (to: number) =>
    `/admin/knowledge?${new URLSearchParams(Object.entries({ ...filter, status: reviewer ? status : undefined, page: String(to) }).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== ""))}`;
  return (
    <section>
      <KnowledgeTabs current="cases" />
      <h1 className="mb-1 text-xl font-semibold">{t("tabs.cases")}</h1>
      <p className="mb-4 text-sm text-gray-600">{t("cases.intro")}</p>
      <form method="get" className="mb-4 flex flex-wrap items-end gap-3 text-sm" data-testid="case-filters">
        <label className="flex flex-col">
          {t("cases.search")}
          <input name="q" defaultValue={filter.q} maxLength={100} className={box} />
        </label>
        <label className="flex flex-col">
          {all("admin.queue.filters.category")}
          <CategorySelect
            name="category"
            defaultValue={filter.category}
            emptyLabel={t("anyCategory")}
            className={box}
          />
        </label>
        {reviewer ? (
          <label className="flex flex-col">
            {t("cases.status")}
            <select name="status" defaultValue={status} className={box}>
              {CASE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`cases.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button className="rounded bg-brand px-3 py-1.5 text-white">{t("cases.searchButton")}</button>
      </form>
      {cases.length === 0 ? <p className="text-gray-500">{t("cases.none")}</p> : null}
      <ul className="grid gap-3 lg:grid-cols-2">
        {cases.map((c) => (
          <li key={c.id} className="space-y-2 rounded-lg bg-white p-4 text-sm shadow" data-testid="case">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium">{all(categoryKey(c.category))}</span>
              <span className="text-xs text-gray-500">
                {t(`cases.statuses.${c.status}`)} ·{" "}
                {t("cases.createdAt", { date: format.dateTime(c.createdAt, { dateStyle: "short" }) })}
              </span>
            </div>
            <dl className="space-y-1">
              <div>
                <dt className="inline text-gray-500">{t("cases.summary")}: </dt>
                <dd className="inline" data-testid="case-summary">
                  {c.summary}
                </dd>
              </div>
              <div>
                <dt className="inline text-gray-500">{t("cases.resolution")}: </dt>
                <dd className="inline">
                  {all(outcomeKey(c.outcome))}
                  {c.resolution ? ` — ${c.resolution}` : ""}
                </dd>
              </div>
              <div>
                <dt className="inline text-gray-500">{t("cases.compensation")}: </dt>
                <dd className="inline">
                  {c.compensationType && c.compensationAmount
                    ? `${all(`compensation.type.${c.compensationType}` as "compensation.type.refund")} ${c.compensationType === "points" ? t("cases.points", { amount: Number(c.compensationAmount) }) : t("cases.yuan", { amount: c.compensationAmount })}`
                    : t("cases.noCompensation")}
                </dd>
              </div>
              <div>
                <dt className="inline text-gray-500">{t("cases.satisfaction")}: </dt>
                <dd className="inline">
                  {c.satisfaction ? t("cases.satisfactionValue", { score: c.satisfaction }) : t("cases.noSatisfaction")}
                </dd>
              </div>
            </dl>
            <div className="flex flex-wrap items-center gap-3">
              {can(actor.role, "page.complaint") ? (
                <Link href={`/admin/complaints/${c.complaintId}`} className="text-brand">
                  {t("cases.openComplaint")}
                </Link>
              ) : null}
              {reviewer && c.status === "pending" ? (
                <>
                  <SmallAction
                    action={reviewCaseAction}
                    fields={{ caseId: c.id, decision: "approved" }}
                    label={t("cases.approve")}
                    testId="case-approve"
                  />
                  <SmallAction
                    action={reviewCaseAction}
                    fields={{ caseId: c.id, decision: "rejected" }}
                    label={t("cases.reject")}
                    testId="case-reject"
                  />
                </>
              ) : null}
            </div>
          </li>
        ))}
      </ul>
      <nav className="mt-4 flex gap-3 text-sm">
        {page > 1 ? <Link href={pageHref(page - 1)}>{t("cases.previous")}</Link> : null}
        {hasMore ? <Link href={pageHref(page + 1)}>{t("cases.more")}</Link> : null}
      </nav>
    </section>
  );
}
