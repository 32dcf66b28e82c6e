import { isLocale, localeFromAcceptLanguage, type Locale } from "./config";

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
