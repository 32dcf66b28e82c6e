import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { LanguageSwitcher } from "@/components/h5/language-switcher";
import { clientMessages } from "@/lib/i18n/client-messages";
import type { Messages } from "@/lib/i18n/messages";
import { setLocaleAction } from "./actions";

export default async function H5Layout({ children }: { children: React.ReactNode }) {
  const [t, locale] = [await getTranslations(), await getLocale()];
  const messages = clientMessages({ messages: (await getMessages()) as Messages, part: "h5" });
  return (
    <NextIntlClientProvider messages={messages}>
      <div className="mx-auto flex min-h-dvh w-full max-w-md flex-col bg-white shadow-sm">
        <header className="sticky top-0 z-10 flex items-center justify-between border-b border-gray-100 bg-white/95 px-4 py-3 backdrop-blur">
          <span className="text-base font-semibold text-brand">{t("app.name")}</span>
          <LanguageSwitcher current={locale} setLocaleAction={setLocaleAction} />
        </header>
        <main className="flex-1 px-4 py-4">{children}</main>
      </div>
    </NextIntlClientProvider>
  );
}
