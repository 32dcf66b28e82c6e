import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { listQaReviews } from "@/lib/qa/list-qa-reviews";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

export default async function QaPage() {
  const actor = await requireStaffPage("page.qa", "/admin/qa");
  const [reviews, t, format] = await Promise.all([listQaReviews({ db, actor }), getTranslations(), getFormatter()]);
  return (
    <section>
      <h1 className="mb-4 text-xl font-semibold">{t("qa.listTitle")}</h1>
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="min-w-full text-left text-sm" data-testid="qa-table">
          <thead className="bg-gray-50 text-gray-600">
            <tr>
              <th className="px-3 py-2">{t("qa.complaint")}</th>
              <th className="px-3 py-2">{t("qa.handler")}</th>
              <th className="px-3 py-2">{t("qa.title")}</th>
              <th className="px-3 py-2">{t("qa.comment")}</th>
              <th className="px-3 py-2">{t("admin.audit.at")}</th>
            </tr>
          </thead>
          <tbody>
            {reviews.map((r) => (
              <tr key={r.id} className="border-t border-gray-100">
                <td className="px-3 py-2">
                  <Link className="text-brand underline" href={`/admin/complaints/${r.complaint.id}`}>
                    {t(categoryKey(r.complaint.category))}
                  </Link>
                </td>
                <td className="px-3 py-2">{r.complaint.assignee?.name ?? "—"}</td>
                <td className="px-3 py-2">
                  {t("qa.score", { score: r.score })} · {t("qa.by", { name: r.reviewer.name })}
                </td>
                <td className="px-3 py-2">{r.comment}</td>
                <td className="px-3 py-2">
                  {format.dateTime(r.createdAt, { dateStyle: "short", timeStyle: "short" })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {reviews.length === 0 ? <p className="p-4 text-gray-500">{t("qa.none")}</p> : null}
      </div>
    </section>
  );
}
