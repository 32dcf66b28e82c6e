import { describe, expect, it } from "vitest";
import { slaAfter, type SlaFields } from "./sla-clock";

const t0 = new Date("2026-11-22T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const fresh: SlaFields = { firstResponseDueAt: at(30), resolutionDueAt: at(1440), firstRespondedAt: null, slaDueAt: at(30), slaPausedAt: null };

describe("SLA clock", () => {
  it("stops the first-response clock at the first reply and runs the resolution-plan clock", () => {
    const after = slaAfter({ sla: fresh, from: "new", to: "processing", action: "reply", now: at(10), resolutionPlanMinutes: 1440 });
    expect(after).toMatchObject({ firstRespondedAt: at(10), slaDueAt: at(1440) });
  });

  it("does not count a claim or an internal note as a response", () => {
    expect(slaAfter({ sla: fresh, from: "new", to: "processing", action: "claim", now: at(5), resolutionPlanMinutes: 1440 })).toMatchObject({ firstRespondedAt: null, slaDueAt: at(30) });
  });

  it("pauses in waiting_customer and moves both deadlines by the time paused", () => {
    const waiting = slaAfter({ sla: fresh, from: "new", to: "waiting_customer", action: "request_info", now: at(10), resolutionPlanMinutes: 1440 });
    expect(waiting).toMatchObject({ slaDueAt: null, slaPausedAt: at(10), firstRespondedAt: at(10) });
    const back = slaAfter({ sla: waiting, from: "waiting_customer", to: "processing", action: "customer_answer", now: at(130), resolutionPlanMinutes: 1440 });
    expect(back).toMatchObject({ slaPausedAt: null, resolutionDueAt: at(1440 + 120), slaDueAt: at(1440 + 120), firstResponseDueAt: at(30 + 120) });
  });

  it("stops when resolved and starts a fresh resolution-plan period on reopening", () => {
    const resolved = slaAfter({ sla: fresh, from: "processing", to: "resolved", action: "resolve", now: at(60), resolutionPlanMinutes: 1440 });
    expect(resolved.slaDueAt).toBeNull();
    const reopened = slaAfter({ sla: resolved, from: "resolved", to: "processing", action: "customer_reject", now: at(3000), resolutionPlanMinutes: 1440 });
    expect(reopened).toMatchObject({ slaDueAt: at(3000 + 1440), resolutionDueAt: at(3000 + 1440) });
  });
});
