import { describe, expect, it } from "vitest";
import { deriveEngineKeys } from "../workflow-engine/engine-keys";
import { workflowModeFor } from "./inngest-config";

const engine = { KESU_ENGINE: "on" as const, KESU_ENGINE_SECRET: "s".repeat(40) };

describe("who runs the workflows", () => {
  it("the embedded engine by default, when nothing names an Inngest", () => {
    expect(workflowModeFor({ ...engine })).toBe("embedded");
  });

  it("Inngest as soon as a dev server, a base URL or both Cloud keys are set — and then never the engine", () => {
    expect(workflowModeFor({ ...engine, INNGEST_DEV: "1" })).toBe("inngest");
    expect(workflowModeFor({ ...engine, INNGEST_BASE_URL: "http://inngest:8288" })).toBe("inngest");
    expect(workflowModeFor({ ...engine, INNGEST_EVENT_KEY: "e", INNGEST_SIGNING_KEY: "signkey-prod-ab" })).toBe(
      "inngest",
    );
    // One Cloud key alone is not a configuration.
    expect(workflowModeFor({ ...engine, INNGEST_EVENT_KEY: "e" })).toBe("embedded");
  });

  it("nobody when the engine is switched off or has no secret", () => {
    expect(workflowModeFor({ ...engine, KESU_ENGINE: "off" })).toBe("off");
    expect(workflowModeFor({ KESU_ENGINE: "on" })).toBe("off");
  });

  it("derives distinct, stable, hex signing and event keys from the one secret", () => {
    const a = deriveEngineKeys("x".repeat(40));
    expect(a).toEqual(deriveEngineKeys("x".repeat(40)));
    expect(a.signingKey).toMatch(/^signkey-prod-[0-9a-f]{64}$/);
    expect(a.eventKey).toMatch(/^[0-9a-f]{64}$/);
    expect(a.signingKey).not.toContain(a.eventKey);
    expect(deriveEngineKeys("y".repeat(40)).signingKey).not.toBe(a.signingKey);
  });
});
