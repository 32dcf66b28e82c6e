import Link from "next/link";
import { useTranslations } from "next-intl";
import type { KeywordKind } from "@/lib/nlp/keywords";

export type CloudWord = { keyword: string; weight: number; kind?: KeywordKind; href?: string; title?: string };

const MIN_REM = 0.8;
const MAX_REM = 2;
// One hue per kind of keyword, heavier words darker, so the cloud reads at a glance: products
// orange, regions blue, problems red, other words the brand's green. Full class names, for Tailwind.
const SHADES: Record<KeywordKind, string[]> = {
  word: ["text-green-500", "text-green-600", "text-green-700", "text-green-800"],
  product: ["text-orange-500", "text-orange-600", "text-orange-700", "text-orange-800"],
  region: ["text-sky-600", "text-sky-700", "text-sky-800", "text-sky-900"],
  problem: ["text-red-500", "text-red-600", "text-red-700", "text-red-800"],
};
const LEGEND_ORDER: KeywordKind[] = ["product", "problem", "region", "word"];

/**
 * A word cloud as wrapped text: size and shade by weight (square-root scale, so one dominant
 * word does not shrink the rest to nothing), hue by kind (product, region, problem) with a legend.
 * Words with an href are links (drill-down). Plain HTML rather than a canvas layout: readable on a
 * 375 px phone, selectable, accessible (a screen reader hears the kind after the word).
 */
export function KeywordCloud({
  words,
  testId = "keyword-cloud",
  emptyLabel,
}: {
  words: CloudWord[];
  testId?: string;
  emptyLabel: string;
}) {
  const t = useTranslations("admin.dashboard");
  if (words.length === 0) return <p className="text-sm text-gray-500">{emptyLabel}</p>;
  const max = Math.max(...words.map((w) => w.weight));
  const min = Math.min(...words.map((w) => w.weight));
  const scale = (weight: number) =>
    max === min ? 0.5 : (Math.sqrt(weight) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min));
  // Largest in the middle of the reading order rather than all in front.
  const ordered = [...words].sort((a, b) => a.keyword.localeCompare(b.keyword, "zh-CN"));
  // Reports stored before keywords had kinds show every word as a plain word, without a legend.
  const kinds = LEGEND_ORDER.filter((kind) => words.some((w) => (w.kind ?? "word") === kind));
  return (
    <div>
      <ul className="flex flex-wrap items-baseline justify-center gap-x-3 gap-y-1 leading-tight" data-testid={testId}>
        {ordered.map((word) => {
          const kind = word.kind ?? "word";
          const s = scale(word.weight);
          const style = { fontSize: `${(MIN_REM + s * (MAX_REM - MIN_REM)).toFixed(2)}rem` };
          const shades = SHADES[kind];
          const className = `${shades[Math.min(shades.length - 1, Math.floor(s * shades.length))]} hover:underline`;
          const content = (
            <>
              {word.keyword}
              {kind === "word" ? null : <span className="sr-only"> ({t(`keywordKinds.${kind}`)})</span>}
            </>
          );
          return (
            <li key={word.keyword} data-keyword={word.keyword} data-weight={word.weight} data-kind={kind}>
              {word.href ? (
                <Link href={word.href} style={style} className={className} title={word.title}>
                  {content}
                </Link>
              ) : (
                <span style={style} className={className} title={word.title}>
                  {content}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {kinds.length > 1 ? (
        <ul
          className="mt-2 flex flex-wrap justify-center gap-x-3 text-xs text-gray-500"
          aria-label={t("keywordLegend")}
          data-testid={`${testId}-legend`}
        >
          {kinds.map((kind) => (
            <li key={kind} className="flex items-center gap-1">
              <span aria-hidden className={`${SHADES[kind][2]} text-base leading-none`}>
                ●
              </span>
              {t(`keywordKinds.${kind}`)}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
