import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ErrorNotice } from "@/components/h5/error-notice";
import { RatingForm } from "@/components/h5/rating-form";
import { SignedOut } from "@/components/h5/signed-out";
import { getH5Session } from "@/lib/auth/h5-session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { getOrderRating } from "@/lib/ratings/get-order-rating";
import { MAX_RATING_TEXT } from "@/lib/ratings/rating-schemas";
import { submitRatingAction } from "../../../actions";

export const dynamic = "force-dynamic";

/** Rating an order (the shop's order-completed page links here with a signed link, entry `rating`). */
export default async function RateOrderPage({ params }: { params: Promise<{ orderNo: string }> }) {
  const session = await getH5Session();
  if (!session) return <SignedOut />;
  const [{ orderNo }, t] = [await params, await getTranslations()];
  let order;
  try {
    order = await getOrderRating({ db, principal: session.principal, orderNo: decodeURIComponent(orderNo) });
  } catch (error) {
    if (isAppError(error)) return <ErrorNotice message={t(`errors.${error.code}` as "errors.order_not_found")} />;
    // A malformed %-escape in the address: no such order.
    if (error instanceof URIError) return <ErrorNotice message={t("errors.order_not_found")} />;
    throw error;
  }
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">{t("h5.rate.title")}</h1>
      <p className="text-sm text-gray-600" data-testid="order-summary">
        {t("h5.form.order", { orderNo: order.orderNo })}
      </p>
      {order.rating ? (
        <section
          className="space-y-2 rounded-xl bg-gray-50 p-4"
          data-testid="rating-done"
          data-stars={order.rating.stars}
        >
          <p className="font-medium">{t("h5.rate.yourRating", { stars: order.rating.stars })}</p>
          {order.rating.complaintId ? (
            <>
              <p className="text-sm">{t("h5.rate.lowThanks")}</p>
              <Link
                href={`/h5/complaints/${order.rating.complaintId}`}
                className="inline-block rounded-full bg-brand px-4 py-2 text-sm text-white"
                data-testid="rating-complaint"
              >
                {t("h5.rate.viewComplaint")}
              </Link>
            </>
          ) : (
            <p className="text-sm">{t("h5.rate.thanks")}</p>
          )}
        </section>
      ) : (
        <RatingForm
          orderNo={order.orderNo}
          maxText={MAX_RATING_TEXT}
          submitRatingAction={submitRatingAction}
          directUploads={Boolean(getEnv().UPLOADTHING_TOKEN)}
        />
      )}
    </div>
  );
}
