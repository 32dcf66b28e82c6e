import { problemResponse } from "@/lib/api/problem";
import { requireH5Session } from "@/lib/auth/h5-session";
import { db } from "@/lib/db";
import { requestLocale } from "@/lib/i18n/request-locale";
import { suggestFaq } from "@/lib/knowledge/suggest-faq";
import { enforceRateLimit } from "@/lib/rate-limit/consume-rate-limit";
import { timed } from "@/lib/metrics/registry";

/** FAQ entries for the text being typed on the H5 form (signed-in customers only). */
async function handleGet(request: Request) {
  const locale = await requestLocale();
  try {
    // FAQ entries are the same for everyone: any valid session may ask (limited per customer).
    const { customer } = await requireH5Session();
    await enforceRateLimit({ db, rule: "faq_customer", subject: customer.id });
    const url = new URL(request.url);
    const text = (url.searchParams.get("q") ?? "").slice(0, 300);
    const category = url.searchParams.get("category")?.slice(0, 40) || undefined;
    const suggestions = await suggestFaq({ db, text, locale, category });
    return Response.json(
      { suggestions: suggestions.map(({ id, question, answer }) => ({ id, question, answer })) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return problemResponse(error, locale);
  }
}

export const GET = timed("/h5/faq-suggestions", handleGet);
