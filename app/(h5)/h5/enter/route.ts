import { cookies } from "next/headers";
import {
  H5_PENDING_LINK_COOKIE,
  getH5Session,
  h5CookieAttributes,
  h5SessionCookie,
  isFramed,
  pendingLinkCookie,
} from "@/lib/auth/h5-session";
import { linkJti, openH5Link, type OpenLinkOutcome } from "@/lib/auth/open-h5-link";
import { unsealToken } from "@/lib/auth/sealed-token";
import { isSameOriginPost } from "@/lib/auth/same-origin-post";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { renderErrorPage } from "@/lib/http/error-page";
import { isLocale, LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import { chosenLocale } from "@/lib/i18n/chosen-locale";
import { timed } from "@/lib/metrics/registry";
import { WIDGET_TICKET_PURPOSE } from "@/lib/widget/issue-widget-ticket";
import { clientAddress } from "@/lib/rate-limit/client-address";

type Jar = Awaited<ReturnType<typeof cookies>>;

function localeOf(request: Request, jar: Jar): Locale {
  return chosenLocale({
    cookie: jar.get(LOCALE_COOKIE)?.value,
    acceptLanguage: request.headers.get("accept-language"),
  });
}

const seeOther = (location: string) =>
  new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

function answer({
  outcome,
  token,
  jar,
  locale,
  framed,
}: {
  outcome: OpenLinkOutcome;
  token: string;
  jar: Jar;
  locale: Locale;
  /** In the widget's frame on the shop's page (lib/auth/h5-session.ts says what changes). */
  framed: boolean;
}): Response {
  switch (outcome.kind) {
    case "refused":
      return renderErrorPage({ locale, code: outcome.code });
    case "confirm_switch": {
      const pending = pendingLinkCookie({ token, framed });
      jar.set(pending.name, pending.value, pending.options);
      return seeOther("/h5/switch");
    }
    case "signed_in": {
      if (outcome.session) {
        const session = h5SessionCookie({
          secret: outcome.session.secret,
          expiresAt: outcome.session.expiresAt,
          framed,
        });
        jar.set(session.name, session.value, session.options);
      }
      return seeOther(outcome.landing);
    }
  }
}

const clientOf = (request: Request) => ({
  userAgent: request.headers.get("user-agent"),
  address: clientAddress(request.headers),
});

/**
 * Opening a link from the shop app, an SMS or a push: exchanged once for a session scoped to the
 * link's order, then on to its page. With another customer signed in here, the customer is asked
 * first (/h5/switch); nothing changes on a GET.
 */
async function handleGet(request: Request) {
  const jar = await cookies();
  const secret = getEnv().H5_LINK_SECRET;
  const query = new URL(request.url).searchParams;
  const framed = isFramed(request.headers);
  // `w`: the widget's ticket, a link sealed so the shop's page cannot read it (lib/widget).
  const ticket = query.get("w");
  const token =
    ticket !== null
      ? (unsealToken({ sealed: ticket, secret, purpose: WIDGET_TICKET_PURPOSE }) ?? "")
      : (query.get("t") ?? "");
  // The widget's frame on a shop page (the only pages frame-ancestors lets frame us): the shop
  // vouches for its signed-in customer, so another customer's session here (a shared phone) gives
  // way without asking — asking would show the previous customer's orders to this one. Its cookie
  // is partitioned under the shop's site: a frame on any other site could not carry it anywhere.
  const outcome = await openH5Link({
    db,
    token,
    secret,
    current: await getH5Session(),
    switchConfirmed: ticket !== null && framed,
    client: clientOf(request),
  });
  // The widget passes the page's language: the H5 speaks what the shop's page spoke.
  const lang = query.get("lang");
  if (ticket !== null && isLocale(lang) && outcome.kind === "signed_in")
    jar.set(LOCALE_COOKIE, lang, {
      ...h5CookieAttributes({ framed }),
      httpOnly: false,
      path: "/",
      maxAge: 365 * 86_400,
    });
  return answer({ outcome, token, jar, locale: isLocale(lang) ? lang : localeOf(request, jar), framed });
}

/**
 * The answer of /h5/switch's form: a same-origin POST (checked here, as Next checks server
 * actions) carrying the jti of the link the page showed, which must be the pending link's.
 */
async function handlePost(request: Request) {
  const jar = await cookies();
  const locale = localeOf(request, jar);
  const env = getEnv();
  if (!isSameOriginPost(request.headers, env.APP_URL)) return renderErrorPage({ locale, code: "forbidden" });
  const form = await request.formData().catch(() => null);
  const token = jar.get(H5_PENDING_LINK_COOKIE)?.value ?? "";
  const framed = isFramed(request.headers);
  // One answer per pending link, whatever it is; removed with the attributes it was set with in
  // this same frame or page (a partitioned cookie is only removed as partitioned).
  const { maxAge: _maxAge, ...attributes } = pendingLinkCookie({ token: "", framed }).options;
  jar.delete({ name: H5_PENDING_LINK_COOKIE, ...attributes });
  if (form?.get("decision") === "stay") return seeOther("/h5");
  const jti = form?.get("jti");
  if (
    form?.get("decision") !== "continue" ||
    typeof jti !== "string" ||
    !token ||
    linkJti({ token, secret: env.H5_LINK_SECRET }) !== jti
  )
    return renderErrorPage({ locale, code: "link_invalid" });
  const outcome = await openH5Link({
    db,
    token,
    secret: env.H5_LINK_SECRET,
    current: await getH5Session(),
    switchConfirmed: true,
    client: clientOf(request),
  });
  return answer({ outcome, token, jar, locale, framed });
}

export const GET = timed("/h5/enter", handleGet);
export const POST = timed("/h5/enter", handlePost);
