"use client";

import { useRouter } from "next/navigation";
import { Cell, Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";

export type Slice = { key: string; label: string; value: number; href: string };

const GROUP_COLORS: Record<string, string> = {
  product: "#15803d",
  order: "#2563eb",
  delivery: "#d97706",
  service: "#9333ea",
};
const SHADES = ["ff", "cc", "99", "77"];

/** The taxonomy's two levels as two rings: groups inside, their subtypes outside; a slice opens its complaints. */
export function CategoryDonut({
  groups,
  categories,
  testId = "category-donut",
}: {
  groups: Slice[];
  categories: Slice[];
  testId?: string;
}) {
  const router = useRouter();
  const color = (key: string, shade = 0) =>
    `${GROUP_COLORS[key.split(".")[0]!] ?? "#6b7280"}${SHADES[shade % SHADES.length]}`;
  const open = (slices: Slice[]) => (_: unknown, index: number) => {
    const slice = slices[index];
    if (slice) router.push(slice.href);
  };
  return (
    <div data-testid={testId} className="h-[260px] w-full cursor-pointer">
      <ResponsiveContainer width="100%" height="100%">
        <PieChart>
          <Pie
            data={groups}
            dataKey="value"
            nameKey="label"
            innerRadius="30%"
            outerRadius="55%"
            onClick={open(groups)}
            isAnimationActive={false}
          >
            {groups.map((g) => (
              <Cell key={g.key} fill={color(g.key)} />
            ))}
          </Pie>
          <Pie
            data={categories}
            dataKey="value"
            nameKey="label"
            innerRadius="60%"
            outerRadius="85%"
            onClick={open(categories)}
            isAnimationActive={false}
          >
            {categories.map((c, i) => (
              <Cell key={c.key} fill={color(c.key, i)} />
            ))}
          </Pie>
          <Tooltip />
        </PieChart>
      </ResponsiveContainer>
    </div>
  );
}
