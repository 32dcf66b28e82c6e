import { cookies } from "next/headers";
import { H5_PENDING_LINK_COOKIE, getH5Session, h5SessionCookie, pendingLinkCookie } from "@/lib/auth/h5-session";
import { linkJti, openH5Link, type OpenLinkOutcome } from "@/lib/auth/open-h5-link";
import { isSameOriginPost } from "@/lib/auth/same-origin-post";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { renderErrorPage } from "@/lib/http/error-page";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import { chosenLocale } from "@/lib/i18n/request-locale";
import { timed } from "@/lib/metrics/registry";
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
}: {
  outcome: OpenLinkOutcome;
  token: string;
  jar: Jar;
  locale: Locale;
}): Response {
  switch (outcome.kind) {
    case "refused":
      return renderErrorPage({ locale, code: outcome.code });
    case "confirm_switch": {
      const pending = pendingLinkCookie(token);
      jar.set(pending.name, pending.value, pending.options);
      return seeOther("/h5/switch");
    }
    case "signed_in": {
      if (outcome.session) {
        const session = h5SessionCookie({ secret: outcome.session.secret, expiresAt: outcome.session.expiresAt });
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
  const token = new URL(request.url).searchParams.get("t") ?? "";
  const outcome = await openH5Link({
    db,
    token,
    secret: getEnv().H5_LINK_SECRET,
    current: await getH5Session(),
    client: clientOf(request),
  });
  return answer({ outcome, token, jar, locale: localeOf(request, jar) });
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
  // One answer per pending link, whatever it is.
  jar.delete({ name: H5_PENDING_LINK_COOKIE, path: "/h5" });
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
  return answer({ outcome, token, jar, locale });
}

export const GET = timed("/h5/enter", handleGet);
export const POST = timed("/h5/enter", handlePost);
