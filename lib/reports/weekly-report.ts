import type { Prisma } from "../generated/prisma/client";
import type { Db } from "../db-client";
import type { Locale } from "../i18n/config";
import { shopRegions } from "../dashboard/shop-regions";
import { keywordKind, type KeywordKind } from "../nlp/keywords";
import { csatScore, npsScore } from "../surveys/survey-rules";
import { countSuggestions, type SuggestionCounts } from "../suggestions/count-suggestions";
import { weeklyReportText } from "./weekly-report-text";

export type WeeklyReportData = {
  total: number;
  previousTotal: number;
  topByVolume: { category: string; count: number }[];
  topByGrowth: { category: string; count: number; previous: number; growth: number }[];
  topProducts: { sku: string; name: string; count: number }[];
  // weight: the week's complaints with the keyword. Reports stored before issue 17 have a TF-IDF
  // weight over the week's text and no kind.
  topKeywords: { keyword: string; weight: number; kind?: KeywordKind }[];
  handling: {
    firstResponseMinutesMedian: number | null;
    resolutionHoursMedian: number | null;
    firstResponseMinutesMean: number | null;
  };
  slaBreachRate: number | null;
  csat: number | null;
  nps: number | null;
  surveys: number;
  // Reports stored before suggestions existed have none.
  suggestions?: SuggestionCounts;
  // Improvement plans at the end of the week (lib/plans): still open, and those whose result came in.
  plans?: {
    open: { action: string; dueAt: string }[];
    verified: { action: string; verdict: string | null }[];
  };
};

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const TOP_KEYWORDS = 8;

/**
 * The week's most frequent keywords — the word cloud's rule: stored keywords (lib/nlp/keywords.ts)
 * counted over complaints, those today's rules would not pick left out — each with its kind.
 */
function weekKeywords(complaints: { keywords: string[] }[], regions: string[]): WeeklyReportData["topKeywords"] {
  const counts = new Map<string, number>();
  for (const complaint of complaints)
    for (const keyword of new Set(complaint.keywords)) counts.set(keyword, (counts.get(keyword) ?? 0) + 1);
  const regionNames = new Set(regions);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], "zh-CN"));
  const top: WeeklyReportData["topKeywords"] = [];
  for (const [keyword, count] of ranked) {
    const kind = keywordKind(keyword, regionNames);
    if (kind) top.push({ keyword, weight: count, kind });
    if (top.length === TOP_KEYWORDS) break;
  }
  return top;
}

const round = (n: number | null, digits = 1) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

/** The week's top issues and service levels, compared with the week before. */
async function computeWeeklyReport({ db, start, end }: { db: Db; start: Date; end: Date }): Promise<WeeklyReportData> {
  const previousStart = new Date(start.getTime() - 7 * 86_400_000);
  const inWeek = { createdAt: { gte: start, lt: end } };
  const [thisWeek, lastWeek, complaints, products, surveys, suggestions, openPlans, verifiedPlans] = await Promise.all([
    db.complaint.groupBy({ by: ["category"], where: inWeek, _count: { _all: true } }),
    db.complaint.groupBy({
      by: ["category"],
      where: { createdAt: { gte: previousStart, lt: start } },
      _count: { _all: true },
    }),
    db.complaint.findMany({
      where: inWeek,
      select: { keywords: true, createdAt: true, firstRespondedAt: true, resolvedAt: true, slaBreachCount: true },
    }),
    db.$queryRaw<{ sku: string; name: string; count: number }[]>`
      SELECT p.sku, p.name, count(DISTINCT c.id)::int AS count
      FROM complaints c JOIN order_items i ON i.order_id = c.order_id JOIN products p ON p.id = i.product_id
      WHERE c.created_at >= ${start} AND c.created_at < ${end} AND c.category LIKE 'product.%'
      GROUP BY p.sku, p.name ORDER BY count DESC, p.sku LIMIT 5`,
    db.surveyResponse.findMany({ where: inWeek, select: { csat: true, nps: true } }),
    countSuggestions({ db, from: start, to: end }),
    db.improvementPlan.findMany({
      where: { createdAt: { lt: end }, OR: [{ verifiedAt: null }, { verifiedAt: { gte: end } }] },
      orderBy: { dueAt: "asc" },
      take: 10,
      select: { action: true, dueAt: true },
    }),
    db.improvementPlan.findMany({
      where: { verifiedAt: { gte: start, lt: end } },
      orderBy: { verifiedAt: "asc" },
      take: 10,
      select: { action: true, result: true },
    }),
  ]);
  const previous = new Map(lastWeek.map((row) => [row.category, row._count._all]));
  const volume = thisWeek
    .map((row) => ({ category: row.category, count: row._count._all }))
    .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category));
  const growth = volume
    .map((row) => ({
      ...row,
      previous: previous.get(row.category) ?? 0,
      growth: row.count - (previous.get(row.category) ?? 0),
    }))
    .filter((row) => row.growth > 0)
    .sort((a, b) => b.growth - a.growth || b.count - a.count);
  const firstResponse = complaints
    .filter((c) => c.firstRespondedAt)
    .map((c) => (c.firstRespondedAt!.getTime() - c.createdAt.getTime()) / 60_000);
  const resolution = complaints
    .filter((c) => c.resolvedAt)
    .map((c) => (c.resolvedAt!.getTime() - c.createdAt.getTime()) / 3_600_000);
  const regions = await shopRegions({ db });
  return {
    total: complaints.length,
    previousTotal: [...previous.values()].reduce((a, b) => a + b, 0),
    topByVolume: volume.slice(0, 3),
    topByGrowth: growth.slice(0, 3),
    topProducts: products,
    topKeywords: weekKeywords(complaints, regions),
    handling: {
      firstResponseMinutesMedian: round(median(firstResponse)),
      firstResponseMinutesMean: round(
        firstResponse.length ? firstResponse.reduce((a, b) => a + b, 0) / firstResponse.length : null,
      ),
      resolutionHoursMedian: round(median(resolution)),
    },
    slaBreachRate: complaints.length
      ? round(complaints.filter((c) => c.slaBreachCount > 0).length / complaints.length, 3)
      : null,
    csat: round(csatScore(surveys.map((s) => s.csat)), 3),
    nps: npsScore(surveys.flatMap((s) => (s.nps === null ? [] : [s.nps]))),
    surveys: surveys.length,
    suggestions,
    plans: {
      open: openPlans.map((p) => ({ action: p.action, dueAt: p.dueAt.toISOString() })),
      verified: verifiedPlans.map((p) => ({
        action: p.action,
        verdict: (p.result as { verdict?: string | null } | null)?.verdict ?? null,
      })),
    },
  };
}

/** Stores the week's report (once per week: a rerun replaces it) and returns it. */
export async function storeWeeklyReport({ db, start, end }: { db: Db; start: Date; end: Date }) {
  const data = await computeWeeklyReport({ db, start, end });
  const json = data as unknown as Prisma.InputJsonValue;
  const report = await db.report.upsert({
    where: { kind_periodStart: { kind: "weekly", periodStart: start } },
    create: { kind: "weekly", periodStart: start, periodEnd: end, data: json },
    update: { data: json, periodEnd: end },
  });
  return { id: report.id, data };
}

/** The report as markdown for a robot, in its channel's language. */
export function weeklyReportMarkdown({
  data,
  start,
  end,
  link,
  locale,
}: {
  data: WeeklyReportData;
  start: Date;
  end: Date;
  link: string;
  locale: Locale;
}): { title: string; markdown: string } {
  const text = weeklyReportText({ data, start, end, locale });
  const line = ({ label, value }: { label: string; value: string }) => `**${label}**${text.colon}${value}`;
  const lines = [
    `### ${text.title}`,
    `> ${text.total}`,
    ...[
      ...text.lines,
      text.keywords,
      text.handling,
      ...(text.suggestions ? [text.suggestions] : []),
      ...text.plans,
    ].map(line),
    text.scores.map(line).join("　"),
    `[${text.open}](${link})`,
  ];
  return { title: text.title, markdown: lines.join("\n") };
}
