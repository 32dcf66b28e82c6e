import { useFormatter, useTranslations } from "next-intl";

/** A time in the workspace's zone (Asia/Shanghai, from the request config), or a dash. */
export function When({ date }: { date: Date | null }) {
  const format = useFormatter();
  const t = useTranslations("admin.workflows");
  if (!date) return <span className="text-gray-400">{t("none")}</span>;
  return (
    <time dateTime={date.toISOString()} className="whitespace-nowrap">
      {format.dateTime(date, { dateStyle: "short", timeStyle: "medium" })}
    </time>
  );
}

const UNITS = [
  { unit: "day", ms: 86_400_000, from: 2 * 86_400_000 },
  { unit: "hour", ms: 3_600_000, from: 3_600_000 },
  { unit: "minute", ms: 60_000, from: 60_000 },
  { unit: "second", ms: 1_000, from: 1_000 },
  { unit: "millisecond", ms: 1, from: 0 },
] as const;

/** How long something took, in the largest unit that keeps the number readable (Intl's unit names). */
export function Duration({ from, to }: { from: Date | null; to: Date | null }) {
  const format = useFormatter();
  const t = useTranslations("admin.workflows");
  if (!from || !to) return <span className="text-gray-400">{t("none")}</span>;
  const ms = Math.max(0, to.getTime() - from.getTime());
  const { unit, ms: size } = UNITS.find((u) => ms >= u.from)!;
  return (
    <span className="whitespace-nowrap">
      {format.number(ms / size, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 })}
    </span>
  );
}
