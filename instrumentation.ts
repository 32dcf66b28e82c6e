/**
 * Next's start-up hook: in the Node.js server, start relaying the transactional outbox to Inngest
 * (lib/outbox). Without Inngest configured, events wait in the outbox (admins see the backlog).
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.KESU_OUTBOX_RELAY === "off") return;
  const [{ inngestConfigured }, { startOutboxWorker }, { db }, { inngest }] = await Promise.all([
    import("./lib/config/inngest-config"),
    import("./lib/outbox/outbox-worker"),
    import("./lib/db"),
    import("./inngest/client"),
  ]);
  if (!inngestConfigured()) {
    console.log("[outbox] Inngest is not configured (INNGEST_DEV / INNGEST_EVENT_KEY): events wait in the outbox.");
    return;
  }
  startOutboxWorker({ db, send: (events) => inngest.send(events) });
}
