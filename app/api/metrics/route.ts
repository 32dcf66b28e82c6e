import { checkBearer } from "@/lib/auth/bearer-token";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { registerDatabaseGauges } from "@/lib/metrics/database-gauges";
import { metrics } from "@/lib/metrics/registry";

/** Prometheus metrics, for a scraper holding METRICS_TOKEN (Authorization: Bearer …); 404 when no token is configured. */
export async function GET(request: Request) {
  const token = getEnv().METRICS_TOKEN;
  if (!token) return new Response(null, { status: 404 });
  if (!checkBearer({ request, secret: token }))
    return new Response(null, { status: 401, headers: { "www-authenticate": 'Bearer realm="metrics"' } });
  registerDatabaseGauges(db);
  const { registry } = metrics();
  return new Response(await registry.metrics(), {
    headers: { "content-type": registry.contentType, "cache-control": "no-store" },
  });
}
