import { getEnv } from "../env";
import type { Env } from "./env-schema";
import { deriveEngineKeys, type EngineKeys } from "../workflow-engine/engine-keys";

/**
 * Who runs the workflows:
 * - "inngest": an Inngest server is configured (INNGEST_DEV / INNGEST_BASE_URL, or Cloud /
 *   self-hosted keys); the SDK reads its own settings and the embedded engine stays off.
 * - "embedded": nothing configured (the default run): the embedded engine drives /api/inngest.
 * - "off": KESU_ENGINE=off and no Inngest: events wait in the outbox.
 */
export type WorkflowMode = "inngest" | "embedded" | "off";

type ModeSettings = Pick<
  Env,
  | "INNGEST_DEV"
  | "INNGEST_BASE_URL"
  | "INNGEST_EVENT_KEY"
  | "INNGEST_SIGNING_KEY"
  | "KESU_ENGINE"
  | "KESU_ENGINE_SECRET"
>;

/** The decision itself, from settings (unit-tested in inngest-config.test.ts). */
export function workflowModeFor(env: ModeSettings): WorkflowMode {
  // Inngest is reachable when a dev server is named (INNGEST_DEV / INNGEST_BASE_URL) or Cloud keys are set.
  if (env.INNGEST_DEV || env.INNGEST_BASE_URL || (env.INNGEST_EVENT_KEY && env.INNGEST_SIGNING_KEY)) return "inngest";
  return env.KESU_ENGINE === "on" && env.KESU_ENGINE_SECRET ? "embedded" : "off";
}

export function workflowMode(): WorkflowMode {
  return workflowModeFor(getEnv());
}

let derived: { secret: string; keys: EngineKeys } | undefined;

/** The embedded engine's keys, or null when it is not the one running workflows. */
export function embeddedEngineKeys(): EngineKeys | null {
  if (workflowMode() !== "embedded") return null;
  const secret = getEnv().KESU_ENGINE_SECRET!;
  if (derived?.secret !== secret) derived = { secret, keys: deriveEngineKeys(secret) };
  return derived.keys;
}

/** The origin the engine (inside this app) uses to reach the app itself. */
export function engineAppUrl(): string {
  const env = getEnv();
  return (env.KESU_ENGINE_APP_URL ?? `http://127.0.0.1:${env.PORT}`).replace(/\/$/, "");
}

/**
 * Options for `new Inngest(...)` that point the SDK at the embedded engine when it is the one in
 * use, exactly as they would point it at Inngest Cloud: cloud mode (signatures verified), the
 * engine's signing and event keys, and the engine's event API as base URL. Getters, because the
 * client is built at import time — also during `next build`, where no configuration exists —
 * and the SDK reads these options lazily on each request.
 */
export function inngestClientOptions(id: string): {
  id: string;
  isDev?: boolean;
  signingKey?: string;
  eventKey?: string;
  baseUrl?: string;
} {
  const keys = () => {
    try {
      return embeddedEngineKeys();
    } catch {
      return null; // no valid configuration (next build): the SDK's own defaults apply
    }
  };
  return {
    id,
    get isDev() {
      return keys() ? false : undefined;
    },
    get signingKey() {
      return keys()?.signingKey;
    },
    get eventKey() {
      return keys()?.eventKey;
    },
    get baseUrl() {
      return keys() ? `${engineAppUrl()}/api/engine/` : undefined;
    },
  };
}
