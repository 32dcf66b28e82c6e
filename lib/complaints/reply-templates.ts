import type { Db } from "../db-client";
import { DEFAULT_LOCALE, type Locale } from "../i18n/config";

export const TEMPLATE_PLACEHOLDERS = ["orderNo", "customerName", "category"] as const;
export type TemplateValues = Record<(typeof TEMPLATE_PLACEHOLDERS)[number], string>;

/** Fills {orderNo}, {customerName} and {category}; unknown placeholders stay as written. */
export function fillTemplate(body: string, values: TemplateValues): string {
  return body.replace(/\{(orderNo|customerName|category)\}/g, (_, key: keyof TemplateValues) => values[key]);
}

/**
 * Templates for a complaint's category (general ones after the specific ones) in the customer's
 * language: the agent replies in it. A template not yet translated is offered in the shop's
 * language (zh-CN) rather than left out, marked by its `locale`.
 */
export async function listReplyTemplates({ db, category, locale }: { db: Db; category: string; locale: Locale }) {
  const templates = await db.replyTemplate.findMany({
    where: { active: true, locale: { in: [locale, DEFAULT_LOCALE] }, OR: [{ category }, { category: null }] },
    select: { code: true, title: true, body: true, category: true, locale: true },
    orderBy: { code: "asc" },
  });
  const byCode = new Map<string, (typeof templates)[number]>();
  for (const template of templates) {
    if (!byCode.has(template.code) || template.locale === locale) byCode.set(template.code, template);
  }
  return [...byCode.values()].sort((a, b) => Number(b.category !== null) - Number(a.category !== null));
}

/** Active templates by code, titled in `locale` where written (else the first language found): what may be chosen. */
export async function activeTemplateTitles({ db, locale }: { db: Db; locale: string }) {
  const templates = await db.replyTemplate.findMany({
    where: { active: true },
    select: { code: true, locale: true, title: true },
    orderBy: { code: "asc" },
  });
  const titles = new Map<string, string>();
  for (const t of templates) if (!titles.has(t.code) || t.locale === locale) titles.set(t.code, t.title);
  return [...titles].map(([code, title]) => ({ code, title }));
}
