import { describe, expect, it } from "vitest";
import { localeFromAcceptLanguage } from "./config";
import { MESSAGES } from "./messages";

function keys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([key, value]) => keys(value, prefix ? `${prefix}.${key}` : key));
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)/g)].map((match) => match[1]).sort();
}

describe("message files", () => {
  it("have the same keys and placeholders in every language", () => {
    const reference = keys(MESSAGES["zh-CN"]).sort();
    for (const locale of ["en", "es"] as const) {
      expect(keys(MESSAGES[locale]).sort()).toEqual(reference);
      for (const key of reference) {
        const get = (messages: unknown) =>
          key.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], messages) as string;
        expect(placeholders(get(MESSAGES[locale])), `${locale}: ${key}`).toEqual(placeholders(get(MESSAGES["zh-CN"])));
      }
    }
  });
});

describe("localeFromAcceptLanguage", () => {
  it("picks the best supported language, zh-CN by default", () => {
    expect(localeFromAcceptLanguage("es-ES,es;q=0.9,en;q=0.8")).toBe("es");
    expect(localeFromAcceptLanguage("fr-FR, en;q=0.5")).toBe("en");
    expect(localeFromAcceptLanguage("zh-TW")).toBe("zh-CN");
    expect(localeFromAcceptLanguage("de")).toBe("zh-CN");
    expect(localeFromAcceptLanguage(null)).toBe("zh-CN");
  });
});
