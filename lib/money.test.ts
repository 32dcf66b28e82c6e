import { describe, expect, it } from "vitest";
import { decimalToFen, fenToYuanString, formatYuan, parseYuanToFen, yuanSchema } from "./money";

describe("money", () => {
  it("parses yuan with up to two decimals into fen", () => {
    expect(parseYuanToFen("25.8")).toBe(2580);
    expect(parseYuanToFen(25.8)).toBe(2580);
    expect(parseYuanToFen("0.01")).toBe(1);
    expect(parseYuanToFen(49.99)).toBe(4999);
    expect(parseYuanToFen("100")).toBe(10000);
  });

  it("refuses more than two decimals, negatives, exponents and junk", () => {
    for (const bad of ["1.234", "-1", "1e3", "abc", "", " ", "01.5", 0.1 + 0.2, Number.NaN, Infinity]) {
      expect(parseYuanToFen(bad as string | number)).toBeNull();
    }
  });

  it("formats fen back to yuan", () => {
    expect(fenToYuanString(2580)).toBe("25.80");
    expect(fenToYuanString(5)).toBe("0.05");
    expect(formatYuan(4999)).toBe("¥49.99");
    // As the reader writes amounts: thousands and decimal separators, the symbol's side.
    expect(formatYuan(123456789, "zh-CN")).toBe("¥1,234,567.89");
    expect(formatYuan(123456789, "en")).toBe("¥1,234,567.89");
    expect(formatYuan(123456789, "es")).toBe("1.234.567,89\u00a0¥");
    expect(formatYuan(-550, "es")).toBe("-5,50\u00a0¥");
    expect(decimalToFen({ toString: () => "25.80" })).toBe(2580);
  });

  it("validates through zod", () => {
    expect(yuanSchema.safeParse("12.30").data).toBe(1230);
    expect(yuanSchema.safeParse("12.301").success).toBe(false);
  });
});
