import type { Db } from "../db-client";
import type { Prisma } from "../generated/prisma/client";
import { faqTerms } from "./faq-terms";

const MAX_SUGGESTIONS = 3;
/** Confident enough to quote the answer as the automatic first reply (seed 001). */
export const AUTO_REPLY_SCORE = 1.4;
const MIN_SCORE = 0.5;
const CATEGORY_BONUS = 0.5;

export type FaqSuggestion = { id: string; question: string; answer: string; score: number };

/** What ranking needs of an entry (intake reads the same columns in its own query). */
export type FaqCandidate = { id: string; question: string; answer: string; categories: string[]; searchTerms: string };

/**
 * FAQ entries for what the customer is typing: shared words (each weighted by how rare it is
 * among the entries, longer words more), normalised by the entry's length, plus a bonus when the
 * entry covers the chosen type. Up to 3, best first, only reasonably confident ones.
 */
export async function suggestFaq({
  db,
  text,
  locale,
  category,
}: {
  db: Pick<Prisma.TransactionClient, "faqEntry">;
  text: string;
  locale: string;
  category?: string;
}): Promise<FaqSuggestion[]> {
  if (faqTerms(text).length === 0) return [];
  const entries = await db.faqEntry.findMany({
    where: { active: true, locale },
    select: { id: true, question: true, answer: true, categories: true, searchTerms: true },
  });
  return rankFaq({ entries, text, category });
}

/** The ranking of `suggestFaq` over entries already read (the active ones of one language). */
export function rankFaq({
  entries,
  text,
  category,
}: {
  entries: FaqCandidate[];
  text: string;
  category?: string;
}): FaqSuggestion[] {
  const terms = faqTerms(text);
  if (terms.length === 0) return [];
  const docs = entries.map((e) => ({ ...e, terms: new Set(e.searchTerms.split(" ").filter(Boolean)) }));
  const df = (term: string) => docs.filter((d) => d.terms.has(term)).length;
  const weight = new Map(
    terms.map((t) => [t, Math.log(1 + docs.length / Math.max(1, df(t))) * Math.min(2, [...t].length / 2 + 0.5)]),
  );
  return docs
    .map((doc) => {
      const shared = terms.filter((t) => doc.terms.has(t));
      const score =
        shared.reduce((sum, t) => sum + weight.get(t)!, 0) / Math.sqrt(Math.max(4, doc.terms.size)) +
        (category && doc.categories.includes(category) && shared.length ? CATEGORY_BONUS : 0);
      return { id: doc.id, question: doc.question, answer: doc.answer, score: Math.round(score * 1000) / 1000 };
    })
    .filter((s) => s.score >= MIN_SCORE)
    .sort((a, b) => b.score - a.score)
    .slice(0, MAX_SUGGESTIONS);
}

/**
 * "这解决了我的问题": the flow ends here, self-served, and is counted — once per customer, entry
 * and order, however often the button is pressed or the request retried.
 */
export async function recordSelfServe({
  db,
  customerId,
  faqId,
  orderNo,
}: {
  db: Db;
  customerId: string;
  faqId: string;
  orderNo?: string;
}) {
  return db.$transaction(async (tx) => {
    const faq = await tx.faqEntry.findFirst({ where: { id: faqId, active: true }, select: { id: true } });
    if (!faq) return { recorded: false };
    // Serialises concurrent presses for the same customer, entry and order.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`faq-self-serve:${customerId}:${faqId}:${orderNo ?? ""}`}))`;
    const already = await tx.faqSelfServe.findFirst({
      where: { customerId, faqId, orderNo: orderNo ?? null },
      select: { id: true },
    });
    if (!already) await tx.faqSelfServe.create({ data: { faqId, customerId, orderNo: orderNo ?? null } });
    return { recorded: true };
  });
}
