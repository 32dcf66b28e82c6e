import { describe, expect, it } from "vitest";
import { redactLinkTokens } from "./customer-link";

describe("redactLinkTokens", () => {
  it("replaces every link token and keeps the rest readable", () => {
    expect(redactLinkTokens("您的反馈已处理：https://kesu.cn/h5/enter?t=eyJvIjoi.c2ln 请查看")).toBe(
      "您的反馈已处理：https://kesu.cn/h5/enter?t=[redacted] 请查看",
    );
    expect(redactLinkTokens("[open](https://a.b/h5/enter?x=1&t=abc.def) and https://a.b/h5/enter?t=ghi.jkl")).toBe(
      "[open](https://a.b/h5/enter?x=1&t=[redacted]) and https://a.b/h5/enter?t=[redacted]",
    );
    expect(redactLinkTokens("no link, at=3")).toBe("no link, at=3");
  });
});
