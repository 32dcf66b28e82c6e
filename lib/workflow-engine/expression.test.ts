import { describe, expect, it } from "vitest";
import { equalityLinks, evaluate, parseExpression } from "./expression";

describe("expressions (the CEL subset our functions write)", () => {
  const run = { data: { complaintId: "c1", version: 2 } };
  it("evaluates match, if and trigger filters", () => {
    expect(
      evaluate(parseExpression("event.data.complaintId == async.data.complaintId"), {
        event: run,
        async: { data: { complaintId: "c1" } },
      }),
    ).toBe(true);
    expect(
      evaluate(parseExpression("event.data.complaintId == async.data.complaintId"), {
        event: run,
        async: { data: { complaintId: "c2" } },
      }),
    ).toBe(false);
    const newer = parseExpression(
      "async.data.complaintId == event.data.complaintId && async.data.version > event.data.version",
    );
    expect(evaluate(newer, { event: run, async: { data: { complaintId: "c1", version: 3 } } })).toBe(true);
    expect(evaluate(newer, { event: run, async: { data: { complaintId: "c1", version: 2 } } })).toBe(false);
    expect(
      evaluate(parseExpression("event.data.function_id == 'kesu-deliver-notification'"), {
        event: { data: { function_id: "kesu-deliver-notification" } },
      }),
    ).toBe(true);
    expect(
      evaluate(parseExpression('!(event.data.a == 1) || event.data.b != "x"'), { event: { data: { a: 1, b: "y" } } }),
    ).toBe(true);
  });

  it("treats missing values as unequal and mixed types as unordered", () => {
    expect(
      evaluate(parseExpression("event.data.x == async.data.x"), { event: { data: {} }, async: { data: {} } }),
    ).toBe(false);
    expect(evaluate(parseExpression("event.data.n > 'a'"), { event: { data: { n: 2 } } })).toBe(false);
  });

  it("refuses what it cannot evaluate, naming it", () => {
    expect(() => parseExpression("size(event.data.items) > 2")).toThrow(/unsupported identifier "size"/);
    expect(() => parseExpression("event.data.a == ")).toThrow(/unexpected end/);
    expect(() => parseExpression("event.data.a =~ 'x'")).toThrow(/unsupported syntax/);
    expect(() => parseExpression("user.id == 1")).toThrow(/unsupported identifier/);
  });

  it("finds the equalities a containment query can use", () => {
    expect(
      equalityLinks(
        parseExpression("async.data.complaintId == event.data.complaintId && async.data.version > event.data.version"),
        "event",
        "async",
      ),
    ).toEqual([{ storedPath: ["data", "complaintId"], incomingPath: ["data", "complaintId"] }]);
    expect(
      equalityLinks(parseExpression("event.data.a == async.data.b || event.data.c == async.data.c"), "event", "async"),
    ).toEqual([]);
  });
});
