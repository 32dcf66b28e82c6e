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
function guarded<R extends Request, C>(handler: (request: R, context: C) => Promise<Response>) {
  return (request: R, context: C) =>
    workflowMode() !== "off" ? handler(request, context) : problemResponse(new AppError("not_found"), "en");
}

// The embedded engine syncs in band only: a PUT signed with its key, answered with the functions.
// Any other PUT would make the SDK register out of band at the engine, which has no such endpoint
// — a 500, and a request out of the app, for anyone who asks. Refused like the SDK refuses an
// unsigned call. (With Inngest itself an out-of-band PUT is how a deploy syncs: left to the SDK.)
function inBandOnly<R extends Request, C>(handler: (request: R, context: C) => Promise<Response>) {
  return (request: R, context: C) =>
    workflowMode() === "embedded" &&
    (request.headers.get("x-inngest-sync-kind") !== "in_band" || !request.headers.get("x-inngest-signature"))
      ? Promise.resolve(Response.json({ message: "Unauthorized" }, { status: 401 }))
      : handler(request, context);
}

export const GET = guarded(handlers.GET);
export const POST = guarded(handlers.POST);
export const PUT = guarded(inBandOnly(handlers.PUT));
