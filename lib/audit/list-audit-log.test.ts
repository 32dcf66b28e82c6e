import { describe, expect, it } from "vitest";
import { auditFilterSchema } from "./list-audit-log";

describe("audit filters from the URL", () => {
  it("keep what is valid and drop what is not, never failing", () => {
    expect(auditFilterSchema.parse({ action: "auth.", before: "42", from: "2026-11-01" })).toEqual({
      action: "auth.",
      before: 42n,
      from: "2026-11-01",
    });
    expect(
      auditFilterSchema.parse({
        action: "DROP TABLE",
        before: "999999999999999999999999",
        from: "2026-02-30",
        to: "x",
      }),
    ).toEqual({ action: undefined, before: undefined, from: undefined, to: undefined });
    expect(auditFilterSchema.parse({ before: "-1" }).before).toBeUndefined();
  });
});
