import { NextResponse } from "next/server";
import { problemResponse } from "@/lib/api/problem";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { localeFromAcceptLanguage } from "@/lib/i18n/config";
import { workspaceLinkTarget } from "@/lib/notify/workspace-link";
import { timed } from "@/lib/metrics/registry";

/** Signed links from robot messages: to the workspace page they name (which asks for sign-in), or 400. */
async function handleGet(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const target = workspaceLinkTarget({ token: (await params).token, secret: getEnv().H5_LINK_SECRET });
  if (!target)
    return problemResponse(
      new AppError("link_invalid"),
      localeFromAcceptLanguage(request.headers.get("accept-language")),
    );
  return NextResponse.redirect(new URL(target, getEnv().APP_URL), 303);
}

export const GET = timed("/l/{token}", handleGet);
