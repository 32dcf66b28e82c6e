import { describe, expect, it } from "vitest";
import { judgeFunction, parseCron, parseDuration } from "./function-config";

const base = {
  id: "kesu-x",
  name: "x",
  triggers: [{ event: "kesu/complaint.created" }],
  steps: {
    step: {
      id: "step",
      name: "step",
      runtime: { type: "http", url: "http://127.0.0.1:3000/api/inngest?fnId=kesu-x&stepId=step" },
    },
  },
};

describe("function configurations at sync", () => {
  it("reads the SDK's durations and zoned crons", () => {
    expect(parseDuration("3d")).toBe(3 * 86_400_000);
    expect(parseDuration("1w2d3h4m5s")).toBe((((9 * 24 + 3) * 60 + 4) * 60 + 5) * 1000);
    expect(parseDuration("72x")).toBeNull();
    expect(parseCron("TZ=Asia/Shanghai 0 9 * * 1").nextRun(new Date("2026-11-30T02:00:00Z"))?.toISOString()).toBe(
      "2026-12-07T01:00:00.000Z",
    );
  });

  it("compiles what it supports: retries → attempts, throttle, cancelOn, crons", () => {
    const judged = judgeFunction({
      ...base,
      steps: { step: { ...base.steps.step, retries: { attempts: 5 } } },
      throttle: { limit: 20, period: "1m", key: "event.data.channelId" },
      cancel: [{ event: "kesu/complaint.closed", if: "event.data.complaintId == async.data.complaintId" }],
      triggers: [...base.triggers, { cron: "*/10 * * * *" }],
    });
    expect(judged.ok).toBe(true);
    if (!judged.ok) return;
    expect(judged.fn.maxAttempts).toBe(6);
    expect(judged.fn.throttle?.periodMs).toBe(60_000);
    expect(judged.fn.crons).toHaveLength(1);
    expect(judgeFunction(base)).toMatchObject({ ok: true, fn: { maxAttempts: 4 } });
  });

  it("refuses, by name, every feature it does not implement", () => {
    for (const [option, value] of Object.entries({
      debounce: { period: "5s" },
      batchEvents: { maxSize: 10, timeout: "5s" },
      rateLimit: { limit: 1, period: "1m" },
      concurrency: [{ limit: 1 }],
      priority: { run: "1" },
      timeouts: { finish: "1m" },
      singleton: { mode: "skip" },
      idempotency: "event.data.id",
    })) {
      const judged = judgeFunction({ ...base, [option]: value });
      expect(judged.ok).toBe(false);
      if (!judged.ok) expect(judged.reason).toContain(`\`${option}\``);
    }
    expect(judgeFunction({ ...base, triggers: [{ cron: "0 9 * * 1", jitter: "5m" }] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("jitter"),
    });
    expect(judgeFunction({ ...base, cancel: [{ event: "a", timeout: "1h" }] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("timeout"),
    });
    expect(judgeFunction({ ...base, triggers: [{ event: "a", expression: "size(event.data) > 1" }] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("size"),
    });
    expect(judgeFunction({ ...base, triggers: [{ cron: "not a cron" }] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining("cannot be read"),
    });
    expect(judgeFunction({ id: 5 })).toMatchObject({ ok: false, reason: expect.stringContaining("unreadable") });
  });
});
