import { timed } from "@/lib/metrics/registry";

/** Liveness for the start script and load balancers; touches nothing (also the bench's bare route). */
function handleGet() {
  return Response.json({ ok: true });
}

export const GET = timed("/api/health", handleGet);
