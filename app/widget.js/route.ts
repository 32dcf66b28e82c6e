import { getEnv } from "@/lib/env";
import { timed } from "@/lib/metrics/registry";
import { widgetLoaderSource } from "@/lib/widget/loader-source";

let cached: string | undefined;

/**
 * The widget's loader for the shop's pages. Public and the same for everyone (the ticket is in the
 * page's tag, not here), so shops' CDNs and browsers may keep it a few minutes.
 */
async function handleGet() {
  cached ??= widgetLoaderSource({ origin: new URL(getEnv().APP_URL).origin });
  return new Response(cached, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=300",
      // Loaded by other sites' pages: that is what it is for.
      "cross-origin-resource-policy": "cross-origin",
    },
  });
}

export const GET = timed("/widget.js", handleGet);
