import { describe, expect, it } from "vitest";
import { translatorFor } from "../i18n/translator";
import { alertText } from "./alert-text";

describe("alertText", () => {
  it("names a breached complaint by its short number, which complaints filed in the same minute do not share", () => {
    const t = translatorFor("zh-CN");
    const text = (complaintId: string) => alertText({ t, kind: "sla_breach", details: { complaintId } });
    // Two time-ordered ids of the same minute: the same first eight digits, different last eight.
    expect(text("019ae3f0-1c2d-7abc-8def-0123456789ab")).toBe("工单 456789AB SLA 超时");
    expect(text("019ae3f0-1c2e-7abc-8def-fedcba987654")).toBe("工单 BA987654 SLA 超时");
  });
});
