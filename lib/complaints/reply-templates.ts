import type { Db } from "../db-client";

export const TEMPLATE_PLACEHOLDERS = ["orderNo", "customerName", "category"] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

/** Fills {orderNo}, {customerName} and {category}; unknown placeholders stay as written. */
export function fillTemplate(body: string, values: TemplateValues): string {
  return body.replace(/\{(orderNo|customerName|category)\}/g, (_, key: keyof TemplateValues) => values[key]);
}

/** Templates for a complaint's category, general ones after the specific ones. */
export async function listReplyTemplates({ db, category }: { db: Db; category: string }) {
  const templates = await db.replyTemplate.findMany({
    where: { active: true, OR: [{ category }, { category: null }] },
    select: { code: true, title: true, body: true, category: true },
    orderBy: { code: "asc" },
  });
  return templates.sort((a, b) => Number(b.category !== null) - Number(a.category !== null));
}
