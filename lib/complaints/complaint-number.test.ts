import { describe, expect, it } from "vitest";
import { uuidV7 } from "../uuid-v7";
import { complaintNumber } from "./complaint-number";

describe("complaintNumber", () => {
  it("is the id's last eight hex digits in capitals", () => {
    expect(complaintNumber("019ae3f0-1c2d-7abc-8def-0123456789ab")).toBe("456789AB");
  });

  it("tells apart complaints filed in the same millisecond (time-ordered ids share their first digits)", () => {
    const at = Date.now();
    const numbers = new Set(Array.from({ length: 1000 }, () => complaintNumber(uuidV7(at))));
    expect(numbers.size).toBe(1000);
  });
});
