import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { SignedOut } from "@/components/h5/signed-out";
import { getH5Session } from "@/lib/auth/h5-session";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { listSessionOrders } from "@/lib/orders/list-session-orders";
import { formatYuan } from "@/lib/money";
import { FAST_LANE } from "@/lib/orders/order-anomalies";

export const dynamic = "force-dynamic";

/**
 * 客服中心: the landing of the cart's "帮助" and "我的-客服中心" entries. It lists the orders this
 * session was opened for, not all of the customer's: a forwarded link shows one order.
 */
export default async function H5Home() {
  const session = await getH5Session();
  if (!session) return <SignedOut />;
  const { customer, principal } = session;
  const [t, all, format, locale, orders] = [
    await getTranslations("h5.home"),
    await getTranslations(),
    await getFormatter(),
    await getLocale(),
    await listSessionOrders({ db, principal, keyring: appKeyring() }),
  ];
  return (
    <div className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("hello", { name: customer.name })}</p>
      </div>
      <Link
        href="/h5/complaints"
        className="block rounded-xl bg-green-50 px-4 py-3 text-sm font-medium text-brand-dark"
      >
        {t("myComplaints")} →
      </Link>
      <Link
        href="/h5/suggestions/new"
        className="block rounded-xl border border-gray-100 px-4 py-3 text-sm font-medium text-gray-700"
        data-testid="suggest-link"
      >
        {all("h5.suggest.link")} →
      </Link>
      <section>
        <h2 className="mb-2 text-sm font-medium text-gray-500">{t("orders")}</h2>
        <p className="mb-2 text-xs text-gray-400">{t("scopeNote")}</p>
        {orders.length === 0 && <p className="text-sm text-gray-500">{t("noOrders")}</p>}
        <ul className="divide-y divide-gray-100 rounded-xl border border-gray-100">
          {orders.map((order) => (
            <li key={order.orderNo} className="flex items-center justify-between gap-3 px-4 py-3">
              <div className="min-w-0">
                <p className="truncate text-sm font-medium">{format.list(order.itemNames)}</p>
                <p className="text-xs text-gray-500">
                  {order.orderNo} · {format.dateTime(order.placedAt, { dateStyle: "medium" })} ·{" "}
                  {formatYuan(order.amountFen, locale)}
                </p>
              </div>
              <div className="flex shrink-0 flex-col items-end gap-1">
                {order.anomalies[0] ? (
                  // Something is wrong with this order already: its fast lane, the type chosen.
                  <Link
                    href={`/h5/orders/${encodeURIComponent(order.orderNo)}/new?type=${FAST_LANE[order.anomalies[0]]}`}
                    className="shrink-0 rounded-full bg-red-600 px-3 py-1 text-xs text-white"
                    data-testid="fast-lane"
                    data-anomaly={order.anomalies[0]}
                  >
                    {all(`h5.anomaly.short.${order.anomalies[0]}`)}
                  </Link>
                ) : (
                  <Link
                    href={`/h5/orders/${encodeURIComponent(order.orderNo)}/new`}
                    className="shrink-0 rounded-full border border-brand px-3 py-1 text-xs text-brand"
                  >
                    {t("feedback")}
                  </Link>
                )}
                {order.status === "delivered" ? (
                  <Link
                    href={`/h5/orders/${encodeURIComponent(order.orderNo)}/rate`}
                    className="text-xs text-gray-500 underline"
                    data-testid="rate-order"
                  >
                    {all("h5.rate.rateOrder")}
                  </Link>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
