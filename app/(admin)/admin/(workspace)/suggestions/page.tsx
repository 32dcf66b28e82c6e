import Link from "next/link";
import { getFormatter, getTranslations } from "next-intl/server";
import { SmallAction } from "@/components/admin/small-action";
import { can } from "@/lib/auth/permissions";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { db } from "@/lib/db";
import { DEFAULT_LOCALE, isLocale } from "@/lib/i18n/config";
import { translatorFor } from "@/lib/i18n/translator";
import { listSuggestions, parseSuggestionFilter } from "@/lib/suggestions/handle-suggestion";
import { SUGGESTION_STATUSES, SUGGESTION_TAGS } from "@/lib/suggestions/suggestion-vocabulary";
import { acknowledgeSuggestionAction, tagSuggestionAction, thankSuggestionAction } from "./actions";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Customers' suggestions: acknowledge, tag, thank. No SLA; the dashboard's tile links here with its range. */
export default async function SuggestionsPage({ searchParams }: { searchParams: SearchParams }) {
  const actor = await requireStaffPage("page.suggestions", "/admin/suggestions");
  const filter = parseSuggestionFilter(await searchParams);
  const [{ rows, total }, t, all, format] = await Promise.all([
    listSuggestions({ db, actor, filter }),
    getTranslations("admin.suggestions"),
    getTranslations(),
    getFormatter(),
  ]);
  const handles = can(actor.role, "suggestion.handle");
  const link = (status?: string) =>
    `/admin/suggestions?${new URLSearchParams(
      Object.entries({ ...filter, status }).filter((e): e is [string, string] => typeof e[1] === "string"),
    )}`;
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro")}</p>
      </div>
      <nav className="flex flex-wrap gap-3 text-sm">
        {[undefined, ...SUGGESTION_STATUSES].map((status) => (
          <Link
            key={status ?? "all"}
            href={link(status)}
            className={filter.status === status ? "font-semibold text-brand" : "text-gray-700"}
          >
            {status ? all(`suggestions.statuses.${status}`) : t("all")}
          </Link>
        ))}
        <span className="text-gray-500" data-testid="suggestion-count" data-count={total}>
          {t("count", { count: total })}
          {total > rows.length ? ` ${t("newest", { shown: rows.length })}` : ""}
        </span>
      </nav>
      {rows.length === 0 ? <p className="text-gray-500">{t("none")}</p> : null}
      <ul className="grid gap-3 lg:grid-cols-2">
        {rows.map((s) => {
          const customerLocale = isLocale(s.locale) ? s.locale : DEFAULT_LOCALE;
          return (
            <li key={s.id} className="space-y-2 rounded-lg bg-white p-4 text-sm shadow" data-testid="suggestion">
              <p className="whitespace-pre-wrap">{s.text}</p>
              <p className="text-xs text-gray-500">
                {format.dateTime(s.createdAt, { dateStyle: "short", timeStyle: "short" })} · {s.customer.name}
                {s.customer.tier === "vip" ? " · VIP" : ""} · {s.customer.region}
                {s.order ? ` · ${t("order", { orderNo: s.order.orderNo })}` : ""} ·{" "}
                <span data-testid="suggestion-status">{all(`suggestions.statuses.${s.status}`)}</span>
                {s.handledBy ? ` · ${t("handledBy", { name: s.handledBy.name })}` : ""}
              </p>
              {s.thanks ? <p className="rounded bg-green-50 p-2 text-green-800">{s.thanks}</p> : null}
              {handles ? (
                <div className="space-y-2">
                  {s.status === "new" ? (
                    <SmallAction
                      action={acknowledgeSuggestionAction}
                      fields={{ suggestionId: s.id }}
                      label={t("acknowledge")}
                      testId="suggestion-acknowledge"
                    />
                  ) : null}
                  <SmallAction
                    action={tagSuggestionAction}
                    fields={{ suggestionId: s.id }}
                    label={t("saveTags")}
                    testId="suggestion-tags"
                  >
                    <fieldset className="flex flex-wrap gap-x-3 gap-y-1">
                      <legend className="sr-only">{t("tags")}</legend>
                      {SUGGESTION_TAGS.map((tag) => (
                        <label key={tag} className="flex items-center gap-1">
                          <input type="checkbox" name="tags" value={tag} defaultChecked={s.tags.includes(tag)} />
                          {all(`suggestions.tags.${tag}`)}
                        </label>
                      ))}
                    </fieldset>
                  </SmallAction>
                  {s.status !== "thanked" ? (
                    <SmallAction
                      action={thankSuggestionAction}
                      fields={{ suggestionId: s.id }}
                      label={t("thank")}
                      testId="suggestion-thank"
                    >
                      <label className="flex w-full flex-col">
                        {t("thanksLabel", { language: all(`locale.${customerLocale}`) })}
                        <textarea
                          name="thanks"
                          required
                          maxLength={500}
                          rows={2}
                          defaultValue={translatorFor(customerLocale)("suggestions.defaultThanks")}
                          className="w-full rounded border border-gray-300 px-2 py-1"
                        />
                      </label>
                    </SmallAction>
                  ) : null}
                </div>
              ) : s.tags.length ? (
                <p className="text-xs text-gray-600">
                  {format.list(s.tags.map((tag) => all(`suggestions.tags.${tag}` as "suggestions.tags.other")))}
                </p>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
