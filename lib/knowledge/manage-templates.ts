import { z } from "zod";
import { recordAudit } from "../audit/record-audit";
import { assertCan, type StaffActor } from "../auth/staff-actor";
import { CATEGORIES } from "../complaints/vocabulary/taxonomy";
import { TEMPLATE_PLACEHOLDERS } from "../complaints/reply-templates";
import type { Db } from "../db-client";
import { AppError } from "../errors";
import { LOCALES } from "../i18n/config";
import { formCheckbox } from "../validation";
import { Prisma } from "../generated/prisma/client";

/** Placeholders written in the body that the reply box could not fill. */
function unknownPlaceholders(body: string): string[] {
  return [...body.matchAll(/\{([^{}\s]{1,40})\}/g)]
    .map((m) => m[1])
    .filter((name) => !(TEMPLATE_PLACEHOLDERS as readonly string[]).includes(name));
}

/** A template's text: the placeholders it uses must be ones the reply box fills. */
export const templateBody = z
  .string()
  .trim()
  .min(4)
  .max(1000)
  .refine((body) => unknownPlaceholders(body).length === 0, "unknown_placeholder");

export const templateSchema = z.object({
  id: z.string().uuid().optional(),
  code: z
    .string()
    .trim()
    .regex(/^[a-z0-9_.-]{2,40}$/, "template_code"),
  title: z.string().trim().min(2).max(60),
  // The language it is written in; one code has one template per language (its translations).
  locale: z.enum(LOCALES),
  // Empty = a general template offered for every complaint.
  category: z.preprocess((v) => (v === "" ? undefined : v), z.enum(CATEGORIES).optional()),
  body: templateBody,
  active: formCheckbox,
});
export type TemplateInput = z.output<typeof templateSchema>;

export async function listAllTemplates({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.knowledge");
  return db.replyTemplate.findMany({
    orderBy: [{ active: "desc" }, { code: "asc" }, { locale: "asc" }],
    select: { id: true, code: true, locale: true, title: true, body: true, category: true, active: true },
  });
}

/**
 * Adds or edits a reply template (audited); a code already used by another template in the same
 * language is a field error.
 */
export async function saveTemplate({ db, actor, input }: { db: Db; actor: StaffActor; input: TemplateInput }) {
  assertCan(actor, "knowledge.edit");
  const { id, category, ...fields } = input;
  const data = { ...fields, category: category ?? null };
  try {
    return await db.$transaction(async (tx) => {
      const before = id
        ? await tx.replyTemplate.findUnique({
            where: { id },
            select: { code: true, locale: true, title: true, body: true, category: true, active: true },
          })
        : null;
      if (id && !before) throw new AppError("not_found");
      const saved = id
        ? await tx.replyTemplate.update({ where: { id }, data, select: { id: true } })
        : await tx.replyTemplate.create({ data, select: { id: true } });
      await recordAudit({
        db: tx,
        entry: {
          actor: { type: "staff", id: actor.id, label: actor.email },
          action: id ? "knowledge.template_update" : "knowledge.template_create",
          target: { type: "reply_template", id: saved.id },
          before: before ?? undefined,
          after: data,
        },
      });
      return saved;
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      throw new AppError("validation_failed", { fields: [{ path: "code", code: "taken" }] });
    throw error;
  }
}
