import Link from "next/link";
import { FAST_LANE } from "@/lib/orders/order-anomalies";
import { categoryKey } from "@/lib/complaints/vocabulary/label-keys";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { ComplaintForm } from "@/components/h5/complaint-form";
import { ErrorNotice } from "@/components/h5/error-notice";
import { SignedOut } from "@/components/h5/signed-out";
import { assertOrderInScope } from "@/lib/auth/h5-scope";
import { getH5Session } from "@/lib/auth/h5-session";
import { CATEGORY_GROUPS, isCategory } from "@/lib/complaints/vocabulary/taxonomy";
import { appKeyring } from "@/lib/crypto/app-key";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { formatYuan } from "@/lib/money";
import { getCustomerOrder } from "@/lib/orders/get-customer-order";
import { formLayoutFor } from "@/lib/experiments/form-variants";
import { faqSolvedAction } from "../../../actions";

export const dynamic = "force-dynamic";

export default async function NewComplaintPage({
  params,
  searchParams,
}: {
  params: Promise<{ orderNo: string }>;
  searchParams: Promise<{ type?: string; group?: string }>;
}) {
  const session = await getH5Session();
  if (!session) return <SignedOut />;
  const [{ orderNo }, query, t, format, locale] = [
    await params,
    await searchParams,
    await getTranslations(),
    await getFormatter(),
    await getLocale(),
  ];

  let order;
  try {
    // The scope first: any order this link was not for — the customer's own, someone else's or
    // none at all — reads the same, so the page does not tell which order numbers exist.
    assertOrderInScope(session.principal, decodeURIComponent(orderNo));
    order = await getCustomerOrder({
      db,
      customerId: session.customer.id,
      orderNo: decodeURIComponent(orderNo),
      keyring: appKeyring(),
    });
  } catch (error) {
    if (isAppError(error)) return <ErrorNotice message={t(`errors.${error.code}` as "errors.order_not_found")} />;
    throw error;
  }

  // A running form experiment draws this customer's form with their arm's layout (lib/experiments).
  const layout = await formLayoutFor({ db, customerId: session.customer.id });

  // Quick lanes from the shop app preselect a subtype (缺货反馈) or a group (配送问题).
  const presetCategory = isCategory(query.type) ? query.type : undefined;
  const presetGroup = (CATEGORY_GROUPS as readonly string[]).includes(query.group ?? "")
    ? (query.group as (typeof CATEGORY_GROUPS)[number])
    : undefined;

  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("h5.form.title")}</h1>
      <section className="rounded-xl border border-gray-100 bg-gray-50 p-3 text-sm" data-testid="order-summary">
        <div className="flex justify-between">
          <span className="font-medium">{t("h5.form.order", { orderNo: order.orderNo })}</span>
          <span>{t("h5.form.amount", { amount: formatYuan(order.amountFen, locale) })}</span>
        </div>
        <p className="text-xs text-gray-500">
          {t("h5.form.placedAt", {
            date: format.dateTime(order.placedAt, { dateStyle: "medium", timeStyle: "short" }),
          })}
        </p>
        <ul className="mt-2 space-y-0.5 text-gray-700">
          {order.items.map((item, index) => (
            <li key={index}>
              {t("h5.form.itemLine", { name: item.name, quantity: item.quantity })}
              {item.outOfStock ? (
                <span className="ml-2 text-xs text-red-600">{t("h5.anomaly.outOfStockItem")}</span>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      {/* What the shop told us is wrong: each offers its fast lane, the type already chosen. */}
      {order.anomalies
        .filter((anomaly) => FAST_LANE[anomaly] !== presetCategory)
        .map((anomaly) => (
          <Link
            key={anomaly}
            href={`/h5/orders/${encodeURIComponent(order.orderNo)}/new?type=${FAST_LANE[anomaly]}`}
            className="block rounded-xl bg-red-50 px-4 py-3 text-sm text-red-800"
            data-testid="fast-lane"
            data-anomaly={anomaly}
          >
            {t(`h5.anomaly.${anomaly}`)} ·{" "}
            <span className="font-medium underline">
              {t("h5.anomaly.lane", { type: t(categoryKey(FAST_LANE[anomaly])) })}
            </span>
          </Link>
        ))}
      <ComplaintForm
        // A fast lane on this same page changes the preset: a fresh form, not the old one's state.
        key={`${presetCategory ?? ""}:${presetGroup ?? ""}`}
        layout={layout}
        orderNo={order.orderNo}
        presetCategory={presetCategory}
        presetGroup={presetGroup}
        faqSolvedAction={faqSolvedAction}
        directUploads={Boolean(getEnv().UPLOADTHING_TOKEN)}
      />
      {/* Seed 001 shards feedback by 投诉/建议: an idea rather than a problem goes its own way. */}
      <Link
        href={`/h5/suggestions/new?orderNo=${encodeURIComponent(order.orderNo)}`}
        className="block text-center text-sm text-brand underline"
        data-testid="suggest-link"
      >
        {t("h5.suggest.link")}
      </Link>
    </div>
  );
}
