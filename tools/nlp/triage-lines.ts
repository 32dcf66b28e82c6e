import { z } from "zod";
import { isCategory, type Category } from "../../lib/complaints/vocabulary/taxonomy";
import { parseYuanToFen } from "../../lib/money";
import { triageComplaint } from "../../lib/triage/triage";
import { topKeywords } from "../../lib/nlp/segment";

const UNKNOWN_CATEGORY_FALLBACK: Category = "product.mismatch";

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  category: z.string(),
  description: z.string(),
  amount: z.union([z.number(), z.string()]).optional(),
  vip: z.boolean().optional(),
});

/**
 * Triage for each JSONL line `{ id, category, description, amount?, vip? }` → one JSON line
 * `{ id, priority, urgency, sentiment, keywords, emotion, emotionIntensity, reasons, negatedCues }`; malformed lines are reported with
 * their numbers and skipped.
 */
export function triageJsonl(jsonl: string): { outputs: string[]; problems: string[] } {
  const outputs: string[] = [];
  const problems: string[] = [];
  jsonl.split(/\r?\n/).forEach((raw, index) => {
    if (!raw.trim()) return;
    let parsed: z.infer<typeof lineSchema>;
    try {
      const result = lineSchema.safeParse(JSON.parse(raw));
      if (!result.success)
        throw new Error(result.error.issues.map((i) => `${i.path.join(".") || "line"}: ${i.message}`).join("; "));
      parsed = result.data;
    } catch (error) {
      problems.push(`line ${index + 1}: ${error instanceof SyntaxError ? "not JSON" : (error as Error).message}`);
      return;
    }
    const amountFen = parsed.amount === undefined ? 0 : (parseYuanToFen(parsed.amount) ?? 0);
    // An unknown category still gets a triage (from the text), reported and taken as a medium subtype.
    const category: Category = isCategory(parsed.category) ? parsed.category : UNKNOWN_CATEGORY_FALLBACK;
    if (!isCategory(parsed.category))
      problems.push(
        `line ${index + 1}: unknown category ${JSON.stringify(parsed.category)}, triaged as a medium-priority type`,
      );
    const triage = triageComplaint({
      category,
      description: parsed.description,
      orderAmountFen: amountFen,
      tier: parsed.vip ? "vip" : "normal",
    });
    outputs.push(
      JSON.stringify({
        id: parsed.id,
        priority: triage.priority,
        urgency: triage.urgency,
        sentiment: triage.sentiment,
        keywords: topKeywords(parsed.description, 5).map((k) => k.keyword),
        emotion: triage.emotion,
        emotionIntensity: triage.emotionIntensity,
        reasons: triage.reasons,
        negatedCues: triage.negatedCues,
      }),
    );
  });
  return { outputs, problems };
}
