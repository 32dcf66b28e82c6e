import Link from "next/link";

export type CloudWord = { keyword: string; weight: number; href?: string; title?: string };

const MIN_REM = 0.8;
const MAX_REM = 2;
// Greens from the brand colour: heavier words darker, so the cloud reads at a glance.
const SHADES = ["text-green-500", "text-green-600", "text-green-700", "text-green-800"];

/**
 * A word cloud as wrapped text: size and shade by weight (square-root scale, so one dominant
 * word does not shrink the rest to nothing). Words with an href are links (drill-down).
 * Plain HTML rather than a canvas layout: readable on a 375 px phone, selectable, accessible.
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
  if (words.length === 0) return <p className="text-sm text-gray-500">{emptyLabel}</p>;
  const max = Math.max(...words.map((w) => w.weight));
  const min = Math.min(...words.map((w) => w.weight));
  const scale = (weight: number) =>
    max === min ? 0.5 : (Math.sqrt(weight) - Math.sqrt(min)) / (Math.sqrt(max) - Math.sqrt(min));
  // Largest in the middle of the reading order rather than all in front.
  const ordered = [...words].sort((a, b) => a.keyword.localeCompare(b.keyword, "zh-CN"));
  return (
    <ul className="flex flex-wrap items-baseline justify-center gap-x-3 gap-y-1 leading-tight" data-testid={testId}>
      {ordered.map((word) => {
        const s = scale(word.weight);
        const style = { fontSize: `${(MIN_REM + s * (MAX_REM - MIN_REM)).toFixed(2)}rem` };
        const className = `${SHADES[Math.min(SHADES.length - 1, Math.floor(s * SHADES.length))]} hover:underline`;
        return (
          <li key={word.keyword} data-keyword={word.keyword} data-weight={word.weight}>
            {word.href ? (
              <Link href={word.href} style={style} className={className} title={word.title}>
                {word.keyword}
              </Link>
            ) : (
              <span style={style} className={className} title={word.title}>
                {word.keyword}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
