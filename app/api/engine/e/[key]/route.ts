import { embeddedEngineKeys } from "@/lib/config/inngest-config";
import { appEnginePool } from "@/lib/workflow-engine/app-pool";
import { receiveEvents } from "@/lib/workflow-engine/receive-events";

/** The embedded engine's event API (Inngest's `POST /e/{eventKey}`); 404 when the engine is not in use. */
export async function POST(request: Request, { params }: { params: Promise<{ key: string }> }) {
  const keys = embeddedEngineKeys();
  if (!keys)
    return Response.json({ status: 404, error: "the embedded workflow engine is not in use" }, { status: 404 });
  const { key } = await params;
  try {
    const answer = await receiveEvents({ request, key, expectedKey: keys.eventKey, pool: appEnginePool() });
    return Response.json(answer.body, { status: answer.status });
  } catch (error) {
    console.error("[engine] event API error", error);
    return Response.json({ status: 503, error: "events could not be stored; retry" }, { status: 503 });
  }
}
