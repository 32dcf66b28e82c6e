import { describe, expect, it } from "vitest";
import { maskName } from "./mask-name";

describe("maskName", () => {
  it("keeps the first character only", () => {
    expect(maskName("王芳")).toBe("王*");
    expect(maskName("欧阳娜娜")).toBe("欧***");
    expect(maskName("María López García")).toBe("M***");
    expect(maskName("李")).toBe("李*");
    expect(maskName("𠮷野家")).toBe("𠮷**");
    expect(maskName("  ")).toBe("*");
  });
});
