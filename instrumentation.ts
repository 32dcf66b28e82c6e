/**
 * Next's start-up hook, in the Node.js server: relay the transactional outbox to whoever runs the
 * workflows (lib/outbox), and — when no Inngest is configured — start the embedded workflow
 * engine (lib/workflow-engine) that drives this app's /api/inngest. Every app process starts
 * one; a lock in PostgreSQL lets one lead at a time.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ workflowMode, engineAppUrl, embeddedEngineKeys }, { startOutboxWorker }, { db }, { inngest }, { getEnv }] =
    await Promise.all([
      import("./lib/config/inngest-config"),
      import("./lib/outbox/outbox-worker"),
      import("./lib/db"),
      import("./inngest/client"),
      import("./lib/env"),
    ]);
  // Dashboard rollups: intake appends deltas, this folds them (one process at a time).
  const { startRollupFolder } = await import("./lib/dashboard/fold-rollups");
  startRollupFolder({ db });
  // The shop's adapted sentiment weights, in force from the first complaint (then kept current by intake).
  const { keepSentimentAdaptationCurrent } = await import("./lib/nlp/sentiment-adaptation");
  keepSentimentAdaptationCurrent({ db });
  const mode = workflowMode();
  if (mode === "off") {
    console.log(
      "[outbox] No workflow engine: Inngest is not configured and KESU_ENGINE=off (or no KESU_ENGINE_SECRET). Events wait in the outbox.",
    );
    return;
  }
  if (mode === "embedded") {
    // Runs until the process ends; its leader lock ends with the process's connections.
    const { startEngine } = await import("./lib/workflow-engine/start-engine");
    const env = getEnv();
    startEngine({
      connectionString: env.DATABASE_URL,
      serveUrl: `${engineAppUrl()}/api/inngest`,
      signingKey: embeddedEngineKeys()!.signingKey,
      retryBaseMs: env.KESU_ENGINE_RETRY_BASE_MS,
      callTimeoutMs: env.KESU_ENGINE_CALL_TIMEOUT_MS,
    });
  }
  if (process.env.KESU_OUTBOX_RELAY !== "off") startOutboxWorker({ db, send: (events) => inngest.send(events) });
}
