import { cookies } from "next/headers";
import { h5LandingPath, verifyH5LinkToken } from "@/lib/auth/h5-link";
import { h5SessionCookie } from "@/lib/auth/h5-session";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage } from "@/lib/i18n/config";
import { renderErrorPage } from "@/lib/h5/error-page";
import { timed } from "@/lib/metrics/registry";

/** Opening a signed link from the shop app: check it, sign the customer in, land on the form. */
async function handleGet(request: Request) {
  const chosen = (await cookies()).get(LOCALE_COOKIE)?.value;
  const locale = isLocale(chosen) ? chosen : localeFromAcceptLanguage(request.headers.get("accept-language"));
  const token = new URL(request.url).searchParams.get("t") ?? "";
  const check = verifyH5LinkToken({ token, secret: getEnv().H5_LINK_SECRET });
  if (!check.ok) return renderErrorPage({ locale, code: check.reason === "expired" ? "link_expired" : "link_invalid" });

  // The order may have moved to another customer since the link was signed; trust the database.
  const order = await db.order.findUnique({ where: { orderNo: check.payload.o }, select: { customerId: true } });
  if (!order || order.customerId !== check.payload.c) return renderErrorPage({ locale, code: "link_invalid" });

  const session = h5SessionCookie({ customerId: order.customerId });
  (await cookies()).set(session.name, session.value, session.options);
  return new Response(null, { status: 303, headers: { location: h5LandingPath(check.payload) } });
}

export const GET = timed("/h5/enter", handleGet);
