import { z } from "zod";
import { DEFAULT_LOCALE } from "./i18n/config";

/** Money travels as yuan with at most two decimals and is computed in integer fen. */
const YUAN_PATTERN = /^(0|[1-9]\d{0,9})(\.\d{1,2})?$/;
export const MAX_FEN = 100_000_000_00; // ¥100,000,000 — far above any produce order

export function parseYuanToFen(value: string | number): number | null {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  if (!YUAN_PATTERN.test(text)) return null;
  const [whole, fraction = ""] = text.split(".");
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return fen <= MAX_FEN ? fen : null;
}

export function fenToYuanString(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(Math.round(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Prisma returns DECIMAL(12,2) as a Decimal; its string form is exact. */
export function decimalToFen(value: { toString(): string }): number {
  const fen = parseYuanToFen(value.toString().replace(/(\.\d{2})0+$/, "$1"));
  if (fen === null) throw new Error(`not a money value: ${value.toString()}`);
  return fen;
}

/**
 * An amount as a reader of `locale` writes yuan: ¥88.00 in Chinese and English, 88,00 ¥ in
 * Spanish (the narrow symbol: every amount here is yuan, so "CN¥" would only add noise). Lib code
 * that answers no particular reader (error parameters, the audit) keeps the zh-CN form.
 */
export function formatYuan(fen: number, locale: string = DEFAULT_LOCALE): string {
  return yuanFormat(locale).format(Math.round(fen) / 100);
}

const yuanFormats = new Map<string, Intl.NumberFormat>();
function yuanFormat(locale: string) {
  let format = yuanFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency: "CNY", currencyDisplay: "narrowSymbol" });
    yuanFormats.set(locale, format);
  }
  return format;
}

/** zod field: yuan as a JSON number or string, at most 2 decimals → integer fen. */
export const yuanSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const fen = parseYuanToFen(value);
  if (fen === null) {
    ctx.addIssue({ code: "custom", message: "money" });
    return z.NEVER;
  }
  return fen;
});
