import { serve } from "inngest/next";
import { inngest } from "@/inngest/client";
import { functions } from "@/inngest/index";
import { problemResponse } from "@/lib/api/problem";
import { inngestConfigured } from "@/lib/config/inngest-config";
import { AppError } from "@/lib/errors";

const handlers = serve({ client: inngest, functions });

// Without a dev server or a signing key the SDK answers 500 to everything; say "not here" instead.
function guarded(handler: (request: Request, context: unknown) => Promise<Response>) {
  return (request: Request, context: unknown) => (inngestConfigured() ? handler(request, context) : problemResponse(new AppError("not_found"), "en"));
}

export const GET = guarded(handlers.GET as never);
export const POST = guarded(handlers.POST as never);
export const PUT = guarded(handlers.PUT as never);
