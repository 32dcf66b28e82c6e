import { getRequestConfig } from "next-intl/server";
import { MESSAGES } from "./messages";
import { requestLocale } from "./request-locale";

export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: MESSAGES[locale], timeZone: "Asia/Shanghai" };
});
