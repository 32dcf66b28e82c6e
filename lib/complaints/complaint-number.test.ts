import { describe, expect, it } from "vitest";
import { uuidV7 } from "../uuid-v7";
import { complaintNumber } from "./complaint-number";

describe("complaintNumber", () => {
  it("is the id's last eight hex digits in capitals", () => {
    expect(complaintNumber("019ae3f0-1c2d-7abc-8def-0123456789ab")).toBe("456789AB");
  });

  it("tells apart complaints filed in the same millisecond (time-ordered ids share their first digits)", () => {
    const at = Date.now();
    const ids = Array.from({ length: 100 }, () => uuidV7(at));
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBe(1);
    // 32 random bits each: a repeat among 100 comes about once in 860 000 runs.
    expect(new Set(ids.map(complaintNumber)).size).toBe(100);
  });
});
