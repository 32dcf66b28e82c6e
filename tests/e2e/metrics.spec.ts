import { expect, test } from "@playwright/test";
import { E2E_METRICS_TOKEN } from "./constants";
import { postComplaint, putOrder } from "./support";

test("/api/metrics: Prometheus text for the token holder only, with route histograms and intake counters", async ({
  request,
}) => {
  expect((await request.get("/api/metrics")).status()).toBe(401);
  expect(
    (await request.get("/api/metrics", { headers: { authorization: "Bearer not-the-token-at-all-000000" } })).status(),
  ).toBe(401);

  await putOrder(request, "E2E-METRICS-1", { externalId: "CU-E2E-METRICS", name: "指标客户" }, "20.00");
  await postComplaint(request, "E2E-METRICS-1", "product.out_of_stock", "缺货了");
  const response = await request.get("/api/metrics", { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/plain");
  const body = await response.text();
  const intake = body
    .split("\n")
    .filter(
      (line) =>
        line.startsWith("kesu_http_request_duration_seconds_bucket{") &&
        line.includes('route="/api/v1/complaints"') &&
        line.includes('method="POST"') &&
        line.includes('status="2xx"'),
    );
  expect(intake.length).toBeGreaterThan(5); // one line per bucket
  expect(intake.find((line) => line.includes('le="+Inf"'))).toMatch(/ [1-9]\d*$/);
  expect(body).toMatch(/kesu_complaints_intake_total\{source="api"\} [1-9]/);
  expect(body).toMatch(/kesu_complaints_auto_resolved_total [1-9]/);
  for (const gauge of [
    "kesu_outbox_backlog",
    "kesu_outbox_lag_seconds",
    "kesu_notification_failures",
    "kesu_sla_breached_complaints",
  ])
    expect(body).toMatch(new RegExp(`^${gauge} \\d`, "m"));
});
