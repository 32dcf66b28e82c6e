import { describe, expect, it } from "vitest";
import { LOCALES, type Locale } from "../../lib/i18n/config";
import { SEEDED_FAQ } from "./seed-faq";
import { SEEDED_TEMPLATES } from "./seed-reply-templates";

// Content the demo seeds for customers to read: every item in every language, really written in
// it (not a copy of another language's text), with the same placeholders in each.
const HAN = /\p{Script=Han}/u;
const WRITTEN_IN: Record<Locale, (text: string) => boolean> = {
  "zh-CN": (text) => HAN.test(text),
  en: (text) => !HAN.test(text) && /\b(the|you|your|we|is|to|of|an?)\b/i.test(text),
  es: (text) => !HAN.test(text) && /\b(el|la|los|las|de|que|tu|te|en|un|una|y)\b/i.test(text),
};
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const items = [
  ...SEEDED_FAQ.map((faq, n) => ({
    name: `FAQ #${n + 1}`,
    texts: faq.text as Partial<Record<Locale, { question: string; answer: string }>>,
  })).map(({ name, texts }) => ({
    name,
    texts: Object.fromEntries(Object.entries(texts).map(([l, t]) => [l, `${t.question}\n${t.answer}`])),
  })),
  ...SEEDED_TEMPLATES.map((template) => ({
    name: `template ${template.code}`,
    texts: Object.fromEntries(Object.entries(template.text).map(([l, t]) => [l, `${t.title}\n${t.body}`])),
  })),
];

describe("seeded content", () => {
  it.each(items)("$name exists in every language, written in it", ({ texts }) => {
    expect(Object.keys(texts).sort()).toEqual([...LOCALES].sort());
    for (const locale of LOCALES) {
      const text = texts[locale] ?? "";
      expect(text.trim().length, locale).toBeGreaterThan(0);
      expect(WRITTEN_IN[locale](text), `${locale}: ${text}`).toBe(true);
      expect(placeholders(text), locale).toEqual(placeholders(texts["zh-CN"] ?? ""));
    }
    expect(texts.es).not.toBe(texts.en);
  });

  it("template codes are unique, so each language's version is one template's translation", () => {
    const codes = SEEDED_TEMPLATES.map((t) => t.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
