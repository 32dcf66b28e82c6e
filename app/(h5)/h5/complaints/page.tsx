import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SignedOut } from "@/components/h5/signed-out";
import { StatusTag } from "@/components/h5/status-tag";
import { getH5Session } from "@/lib/auth/h5-session";
import { listCustomerComplaints } from "@/lib/complaints/get-complaint-view";
import { listSessionSuggestions } from "@/lib/suggestions/submit-suggestion";
import { db } from "@/lib/db";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

export const dynamic = "force-dynamic";

export default async function MyComplaintsPage({
  searchParams,
}: {
  searchParams: Promise<{ suggested?: string | string[] }>;
}) {
  const session = await getH5Session();
  if (!session) return <SignedOut />;
  // Only the complaints on the orders this session was opened for; suggestions are the customer's own.
  const [t, format, complaints, suggestions, { suggested }] = [
    await getTranslations(),
    await getFormatter(),
    await listCustomerComplaints({ db, principal: session.principal }),
    await listSessionSuggestions({ db, principal: session.principal, sessionId: session.id }),
    await searchParams,
  ];
  return (
    <div className="space-y-4">
      {suggested === "1" ? (
        <p
          role="status"
          data-testid="suggestion-received"
          className="rounded-xl bg-green-50 px-4 py-3 text-sm text-green-800"
        >
          {t("h5.suggest.received")}
        </p>
      ) : null}
      <h1 className="text-xl font-semibold">{t("h5.list.title")}</h1>
      {complaints.length === 0 && <p className="text-sm text-gray-500">{t("h5.list.empty")}</p>}
      <ul className="space-y-2" data-testid="complaint-list">
        {complaints.map((complaint) => (
          <li key={complaint.id}>
            <Link href={`/h5/complaints/${complaint.id}`} className="block rounded-xl border border-gray-100 p-3">
              <div className="flex items-center justify-between gap-2">
                <span className="text-sm font-medium">{t(categoryKey(complaint.category))}</span>
                <StatusTag status={complaint.status} />
              </div>
              <p className="mt-1 line-clamp-2 text-sm text-gray-600">{complaint.description}</p>
              <p className="mt-1 text-xs text-gray-400">
                {complaint.orderNo} ·{" "}
                {t("h5.list.filedAt", {
                  date: format.dateTime(complaint.createdAt, { dateStyle: "medium", timeStyle: "short" }),
                })}
              </p>
            </Link>
          </li>
        ))}
      </ul>
      {suggestions.length ? (
        <section>
          <h2 className="mb-2 text-base font-semibold">{t("h5.suggest.mine")}</h2>
          <ul className="space-y-2" data-testid="suggestion-list">
            {suggestions.map((s) => (
              <li key={s.id} className="rounded-xl border border-gray-100 p-3 text-sm">
                <div className="flex items-center justify-between gap-2">
                  <span className="text-xs text-gray-400">
                    {format.dateTime(s.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                  </span>
                  <span className="rounded-full bg-gray-100 px-2 py-0.5 text-xs" data-testid="suggestion-status">
                    {t(`suggestions.statuses.${s.status}`)}
                  </span>
                </div>
                <p className="mt-1 whitespace-pre-wrap text-gray-700">{s.text}</p>
                {s.thanks ? (
                  <p className="mt-2 rounded-lg bg-green-50 p-2 text-green-800" data-testid="suggestion-thanks">
                    <span className="block text-xs text-green-700">{t("h5.suggest.thanks")}</span>
                    {s.thanks}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <Link href="/h5/suggestions/new" className="block text-center text-sm text-brand underline">
        {t("h5.suggest.link")}
      </Link>
    </div>
  );
}
