import { NextIntlClientProvider } from "next-intl";
import { getMessages } from "next-intl/server";
import { clientMessages } from "@/lib/i18n/client-messages";
import type { Messages } from "@/lib/i18n/messages";

/** Staff pages (sign-in included): their client components get the staff namespaces only. */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const messages = clientMessages({ messages: (await getMessages()) as Messages, part: "staff" });
  return <NextIntlClientProvider messages={messages}>{children}</NextIntlClientProvider>;
}
