import { cookies, headers } from "next/headers";
import { isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "./config";

/**
 * The visitor's language: their choice (the locale cookie), else their browser's. No locale in
 * the URL: H5 links come from the shop app and must stay short and stable. One rule for pages
 * (lib/i18n/request.ts) and route handlers.
 */
export function chosenLocale({
  cookie,
  acceptLanguage,
}: {
  cookie: string | undefined;
  acceptLanguage: string | null;
}): Locale {
  return isLocale(cookie) ? cookie : localeFromAcceptLanguage(acceptLanguage);
}

/** The current request's language (server components, route handlers, actions). */
export async function requestLocale(): Promise<Locale> {
  return chosenLocale({
    cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
    acceptLanguage: (await headers()).get("accept-language"),
  });
}
