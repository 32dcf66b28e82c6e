import { problemResponse } from "@/lib/api/problem";
import { requireH5Session } from "@/lib/auth/h5-session";
import { isSameOriginPost } from "@/lib/auth/same-origin-post";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { requestLocale } from "@/lib/i18n/request-locale";
import { timed } from "@/lib/metrics/registry";
import { appObjectStore } from "@/lib/storage/app-store";
import { storeCustomerPhoto } from "@/lib/storage/customer-upload";

/**
 * One photo or video for the H5 form, uploaded when picked: the session is checked before the body
 * is read. proxy.ts does not see this route (its matcher), so Next buffers no part of the body for
 * it: up to a 20 MB video reaches the handler, which refuses a larger one by its declared length.
 * Only our own pages may post it: the session cookie is SameSite=None when the form is framed in
 * the shop's app, so without the Origin check another site could fill a customer's uploads.
 */
async function handlePost(request: Request) {
  const locale = await requestLocale();
  try {
    // Not tied to an order yet: the order is checked against the session's scope when the
    // complaint that attaches the photo is filed.
    const { customer } = await requireH5Session();
    if (!isSameOriginPost(request.headers, getEnv().APP_URL)) throw new AppError("forbidden");
    const { id } = await storeCustomerPhoto({ db, store: appObjectStore(), customerId: customer.id, request });
    return Response.json({ id }, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (error) {
    return problemResponse(error, locale);
  }
}

export const POST = timed("/h5/uploads", handlePost);
