import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SignedOut } from "@/components/h5/signed-out";
import { StatusTag } from "@/components/h5/status-tag";
import { getH5Session } from "@/lib/auth/h5-session";
import { listCustomerComplaints } from "@/lib/complaints/get-complaint-view";
import { db } from "@/lib/db";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";

export const dynamic = "force-dynamic";

export default async function MyComplaintsPage() {
  const session = await getH5Session();
  if (!session) return <SignedOut />;
  // Only the complaints on the orders this session was opened for.
  const [t, format, complaints] = [
    await getTranslations(),
    await getFormatter(),
    await listCustomerComplaints({ db, principal: session.principal }),
  ];
  return (
    <div className="space-y-4">
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
    </div>
  );
}
