import Link from "next/link";
import { UploadMedia } from "@/components/ui/upload-media";
import { getFormatter, getTranslations } from "next-intl/server";
import { readSetting } from "@/lib/app-settings";
import { requireStaffPage } from "@/lib/auth/staff-session";
import { isRatingTag } from "@/lib/complaints/vocabulary/rating-tags";
import { db } from "@/lib/db";
import { listRatings, parseRatingFilter, ratingsHref } from "@/lib/ratings/list-ratings";
import { RATING_SETTINGS } from "@/lib/ratings/rating-settings";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

/** Order ratings, newest first: where the dashboard's ratings charts drill down to. */
export default async function RatingsPage({ searchParams }: { searchParams: SearchParams }) {
  const filter = parseRatingFilter(await searchParams);
  const actor = await requireStaffPage("page.ratings", ratingsHref(filter));
  const [{ rows, total }, settings, t, all, format] = await Promise.all([
    listRatings({ db, actor, filter }),
    readSetting({ db, setting: RATING_SETTINGS }),
    getTranslations("admin.ratings"),
    getTranslations(),
    getFormatter(),
  ]);
  const applied = Object.entries(filter).filter((entry): entry is [string, string] => typeof entry[1] === "string");
  return (
    <section className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-gray-600">{t("intro", { threshold: settings.value.complaintAtOrBelowStars })}</p>
      </div>
      <p className="flex flex-wrap gap-3 text-sm text-gray-600">
        {applied.length ? (
          <>
            <span data-testid="rating-filters">
              {t("filters", { filters: applied.map(([key, value]) => `${key}=${value}`).join(", ") })}
            </span>
            <Link href="/admin/ratings" className="text-brand">
              {t("clear")}
            </Link>
          </>
        ) : null}
        <span data-testid="rating-count" data-count={total}>
          {total > rows.length ? t("shown", { count: rows.length }) : null}
        </span>
      </p>
      {rows.length === 0 ? <p className="text-gray-500">{t("none")}</p> : null}
      <div className="overflow-x-auto rounded-lg bg-white shadow">
        <table className="w-full text-left text-sm">
          <thead className="bg-gray-50 text-xs text-gray-500">
            <tr>
              {(["createdAt", "stars", "tags", "text", "order", "region", "tier", "complaint"] as const).map((key) => (
                <th key={key} scope="col" className="px-3 py-2 font-medium">
                  {t(key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr
                key={r.id}
                className="border-t border-gray-100 align-top"
                data-testid="rating-row"
                data-stars={r.stars}
              >
                <td className="whitespace-nowrap px-3 py-2">
                  {format.dateTime(r.createdAt, { dateStyle: "short", timeStyle: "short" })}
                </td>
                <td className="whitespace-nowrap px-3 py-2 text-amber-600" aria-label={String(r.stars)}>
                  {"★".repeat(r.stars)}
                  <span className="text-gray-300">{"★".repeat(5 - r.stars)}</span>
                </td>
                <td className="px-3 py-2">
                  {r.tags.map((tag) => (isRatingTag(tag) ? all(`ratingTags.${tag}`) : tag)).join(" · ")}
                </td>
                <td className="max-w-xs px-3 py-2">
                  <span className="whitespace-pre-wrap">{r.text}</span>
                  {r.files.length ? (
                    <span className="mt-1 flex flex-wrap gap-1" aria-label={t("photos", { count: r.files.length })}>
                      {r.files.map((file) =>
                        file.video ? (
                          // A video plays in place (a link around it would steal its controls' taps).
                          <UploadMedia
                            key={file.id}
                            id={file.id}
                            video
                            label={t("video")}
                            className="h-24 w-32 rounded"
                            testId="rating-video"
                          />
                        ) : (
                          <a key={file.id} href={`/api/files/${file.id}`} target="_blank" rel="noreferrer">
                            <UploadMedia
                              id={file.id}
                              video={false}
                              label=""
                              className="h-12 w-12 rounded object-cover"
                            />
                          </a>
                        ),
                      )}
                    </span>
                  ) : null}
                </td>
                <td className="px-3 py-2">
                  {r.order.orderNo}
                  <span className="block text-xs text-gray-500">{r.customer}</span>
                </td>
                <td className="px-3 py-2">{r.region}</td>
                <td className="px-3 py-2">{all(`admin.dashboard.tiers.${r.tier}`)}</td>
                <td className="px-3 py-2">
                  {r.complaintId ? (
                    <Link
                      href={`/admin/complaints/${r.complaintId}`}
                      className="text-brand"
                      data-testid="rating-complaint"
                    >
                      {t("openComplaint")}
                    </Link>
                  ) : (
                    t("noComplaint")
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
