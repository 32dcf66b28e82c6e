import { describe, expect, it } from "vitest";
import { slaAfter, type SlaFields } from "./sla-clock";

const t0 = new Date("2026-11-22T10:00:00Z");
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const fresh: SlaFields = {
  firstResponseDueAt: at(30),
  resolutionDueAt: at(1440),
  firstRespondedAt: null,
  slaDueAt: at(30),
  slaPausedAt: null,
};

describe("SLA clock", () => {
  it("stops the first-response clock at the first reply and runs the resolution-plan clock", () => {
    const after = slaAfter({
      sla: fresh,
      from: "new",
      to: "processing",
      action: "reply",
      now: at(10),
      resolutionPlanMinutes: 1440,
    });
    expect(after).toMatchObject({ firstRespondedAt: at(10), slaDueAt: at(1440) });
  });

  it("does not count a claim or an internal note as a response", () => {
    expect(
      slaAfter({ sla: fresh, from: "new", to: "processing", action: "claim", now: at(5), resolutionPlanMinutes: 1440 }),
    ).toMatchObject({ firstRespondedAt: null, slaDueAt: at(30) });
  });

  it("pauses in waiting_customer and moves both deadlines by the time paused", () => {
    const waiting = slaAfter({
      sla: fresh,
      from: "new",
      to: "waiting_customer",
      action: "request_info",
      now: at(10),
      resolutionPlanMinutes: 1440,
    });
    expect(waiting).toMatchObject({ slaDueAt: null, slaPausedAt: at(10), firstRespondedAt: at(10) });
    const back = slaAfter({
      sla: waiting,
      from: "waiting_customer",
      to: "processing",
      action: "customer_answer",
      now: at(130),
      resolutionPlanMinutes: 1440,
    });
    expect(back).toMatchObject({
      slaPausedAt: null,
      resolutionDueAt: at(1440 + 120),
      slaDueAt: at(1440 + 120),
      firstResponseDueAt: at(30 + 120),
    });
  });

  it("stops when resolved and starts a fresh resolution-plan period on reopening", () => {
    const resolved = slaAfter({
      sla: fresh,
      from: "processing",
      to: "resolved",
      action: "resolve",
      now: at(60),
      resolutionPlanMinutes: 1440,
    });
    expect(resolved.slaDueAt).toBeNull();
    const reopened = slaAfter({
      sla: resolved,
      from: "resolved",
      to: "processing",
      action: "customer_reject",
      now: at(3000),
      resolutionPlanMinutes: 1440,
    });
    expect(reopened).toMatchObject({ slaDueAt: at(3000 + 1440), resolutionDueAt: at(3000 + 1440) });
  });
});

describe("SLA clock with business hours (09:00–21:00 Shanghai)", () => {
  const hours = { startMinute: 540, endMinute: 1260 };
  const local = (s: string) => new Date(`${s}+08:00`);
  it("a wait keeps the business time that was left, not the calendar time", () => {
    const sla: SlaFields = {
      firstResponseDueAt: local("2026-11-22T20:30:00"),
      resolutionDueAt: local("2026-11-23T20:00:00"),
      firstRespondedAt: null,
      slaDueAt: local("2026-11-22T20:30:00"),
      slaPausedAt: null,
    };
    const waiting = slaAfter({
      sla,
      from: "processing",
      to: "waiting_customer",
      action: "request_info",
      now: local("2026-11-22T20:00:00"),
      resolutionPlanMinutes: 1440,
      businessHours: hours,
    });
    const back = slaAfter({
      sla: waiting,
      from: "waiting_customer",
      to: "processing",
      action: "customer_answer",
      now: local("2026-11-23T10:00:00"),
      resolutionPlanMinutes: 1440,
      businessHours: hours,
    });
    // Left at 20:00 on the 22nd: 1 h that evening + 11 h on the 23rd = 12 business hours.
    // From 10:00 on the 23rd: 11 h that day, the last hour the next morning → 10:00 on the 24th.
    expect(back.resolutionDueAt).toEqual(local("2026-11-24T10:00:00"));
    expect(back.slaDueAt).toEqual(back.resolutionDueAt);
  });

  it("reopening gives a fresh plan period in business time", () => {
    const resolved: SlaFields = {
      firstResponseDueAt: local("2026-11-22T10:00:00"),
      resolutionDueAt: local("2026-11-22T20:00:00"),
      firstRespondedAt: local("2026-11-22T09:30:00"),
      slaDueAt: null,
      slaPausedAt: null,
    };
    const reopened = slaAfter({
      sla: resolved,
      from: "resolved",
      to: "processing",
      action: "reopen",
      now: local("2026-11-22T20:00:00"),
      resolutionPlanMinutes: 120,
      businessHours: hours,
    });
    expect(reopened.slaDueAt).toEqual(local("2026-11-23T10:00:00"));
  });
});
