import { createRouteHandler } from "uploadthing/next";
import { problemResponse } from "@/lib/api/problem";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { appObjectStore } from "@/lib/storage/app-store";
import { uploadRouter } from "@/lib/storage/uploadthing-router";

// UploadThing's route: the H5 form asks here for an upload URL (the router's middleware checks the
// H5 session or the staff role and the complaint), and UploadThing calls back here when the file
// is in (the SDK verifies its signature with UPLOADTHING_TOKEN, read when a request comes).
const handlers = createRouteHandler({ router: uploadRouter({ store: appObjectStore }) });

// Without UPLOADTHING_TOKEN photos go through /h5/uploads to the local disk, and this route is not there.
function guarded<R extends Request>(handler: (request: R) => Promise<Response>) {
  return (request: R) =>
    getEnv().UPLOADTHING_TOKEN ? handler(request) : problemResponse(new AppError("not_found"), "en");
}

export const GET = guarded(handlers.GET);
export const POST = guarded(handlers.POST);
