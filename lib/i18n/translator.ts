import { createTranslator } from "next-intl";
import type { Locale } from "./config";
import { MESSAGES } from "./messages";

/** A translator usable outside React (route handlers, lib code, tests). */
export function translatorFor(locale: Locale) {
  return createTranslator({ locale, messages: MESSAGES[locale] });
}
export type Translator = ReturnType<typeof translatorFor>;
