import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { CATEGORIES } from "../complaints/vocabulary/taxonomy";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { formCheckbox } from "../validation";
import { LOCALES } from "../i18n/config";
import { faqTerms } from "./faq-terms";

export const faqSchema = z.object({
  id: z.string().uuid().optional(),
  question: z.string().trim().min(4).max(200),
  answer: z.string().trim().min(4).max(2000),
  categories: z.preprocess(
    (v) => (v === undefined ? [] : ([] as unknown[]).concat(v)),
    z.array(z.enum(CATEGORIES)).max(CATEGORIES.length),
  ),
  locale: z.enum(LOCALES),
  active: formCheckbox,
});
export type FaqInput = z.output<typeof faqSchema>;

/** Every entry (retired ones too, for editors), with how many flows each closed as self-served. */
export async function listFaqEntries({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.knowledge");
  const entries = await db.faqEntry.findMany({
    orderBy: [{ active: "desc" }, { locale: "asc" }, { createdAt: "asc" }],
    select: {
      id: true,
      question: true,
      answer: true,
      categories: true,
      locale: true,
      active: true,
      updatedAt: true,
      _count: { select: { selfServes: true } },
    },
  });
  return entries.map(({ _count, ...e }) => ({ ...e, selfServes: _count.selfServes }));
}

/**
 * Adds or edits an entry; its matching terms are recomputed from the new text so suggestions on
 * the H5 form change at once. Entries are retired (inactive), never deleted: self-serve counts
 * refer to them. Audited with before and after.
 */
export async function saveFaqEntry({ db, actor, input }: { db: Db; actor: StaffActor; input: FaqInput }) {
  assertCan(actor, "knowledge.edit");
  const { id, ...fields } = input;
  const data = { ...fields, searchTerms: faqTerms(`${fields.question} ${fields.answer}`).join(" ") };
  return db.$transaction(async (tx) => {
    const before = id
      ? await tx.faqEntry.findUnique({
          where: { id },
          select: { question: true, answer: true, categories: true, locale: true, active: true },
        })
      : null;
    if (id && !before) throw new AppError("not_found");
    const saved = id
      ? await tx.faqEntry.update({ where: { id }, data, select: { id: true } })
      : await tx.faqEntry.create({ data, select: { id: true } });
    await recordAudit({
      db: tx,
      entry: {
        actor: { type: "staff", id: actor.id, label: actor.email },
        action: id ? "knowledge.faq_update" : "knowledge.faq_create",
        target: { type: "faq_entry", id: saved.id },
        before: before ?? undefined,
        after: fields,
      },
    });
    return saved;
  });
}
