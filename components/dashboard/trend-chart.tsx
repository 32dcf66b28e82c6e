"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type TrendPoint = { label: string; value: number | null; count: number; href: string };

const BRAND = "#15803d";

/**
 * One metric over time, bars or a line. Clicking a bucket opens the queue filtered to the
 * complaints behind it (the `href` computed on the server); the tooltip shows how many there are.
 */
export function TrendChart({
  kind,
  points,
  name,
  countLabel,
  testId,
  domain,
  height = 220,
}: {
  kind: "bar" | "line";
  points: TrendPoint[];
  name: string;
  countLabel: string;
  testId: string;
  domain?: [number, number];
  height?: number;
}) {
  const router = useRouter();
  const openIndex = (index: number) => {
    const point = points[index];
    if (point && point.count > 0) router.push(point.href);
  };
  // A click anywhere in a bucket's column (lines): the bucket under the pointer, if any.
  const open = (state: { activeIndex?: number | string | null } | null) => {
    if (state?.activeIndex === null || state?.activeIndex === undefined) return;
    const index = Number(state.activeIndex);
    if (Number.isInteger(index)) openIndex(index);
  };
  const tooltip = (
    <Tooltip
      formatter={(value, _n, item) => [`${value ?? "—"} (${countLabel} ${(item.payload as TrendPoint).count})`, name]}
      labelFormatter={(label) => String(label)}
    />
  );
  return (
    <div data-testid={testId} className="h-[220px] w-full cursor-pointer" style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        {kind === "bar" ? (
          <BarChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={12} />
            <YAxis tick={{ fontSize: 11 }} allowDecimals={false} />
            {tooltip}
            <Bar
              dataKey="value"
              name={name}
              fill={BRAND}
              isAnimationActive={false}
              onClick={(_, index) => openIndex(index)}
            />
          </BarChart>
        ) : (
          <LineChart data={points} onClick={open} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} minTickGap={12} />
            <YAxis tick={{ fontSize: 11 }} domain={domain ?? ["auto", "auto"]} />
            {tooltip}
            <Line
              dataKey="value"
              name={name}
              stroke={BRAND}
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
