import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { problemResponse } from "@/lib/api/problem";
import { workflowMode } from "@/lib/config/inngest-config";
import { AppError } from "@/lib/errors";

// Inngest (or the embedded engine, with the same protocol) calls this; the SDK verifies every
// request's signature itself, so an unsigned call from anyone else gets 401.
const handlers = serve({ client: inngest, functions });

// With no workflow runner at all the SDK would answer 500 to everything; say "not here" instead.
function guarded(handler: (request: Request, context: unknown) => Promise<Response>) {
  return (request: Request, context: unknown) => (workflowMode() !== "off" ? handler(request, context) : problemResponse(new AppError("not_found"), "en"));
}

export const GET = guarded(handlers.GET as never);
export const POST = guarded(handlers.POST as never);
export const PUT = guarded(handlers.PUT as never);
