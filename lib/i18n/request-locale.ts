import { cookies, headers } from "next/headers";
import { chosenLocale } from "./chosen-locale";
import { LOCALE_COOKIE, type Locale } from "./config";

/** The current request's language (server components, route handlers, actions). */
export async function requestLocale(): Promise<Locale> {
  return chosenLocale({
    cookie: (await cookies()).get(LOCALE_COOKIE)?.value,
    acceptLanguage: (await headers()).get("accept-language"),
  });
}
