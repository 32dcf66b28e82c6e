import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(__dirname, "..", "..");
const METRICS = [
  "kesu_http_request_duration_seconds",
  "kesu_complaints_intake_total",
  "kesu_complaints_auto_resolved_total",
  "kesu_sla_breached_complaints",
  "kesu_outbox_lag_seconds",
  "kesu_outbox_backlog",
  "kesu_notification_failures",
];

/** Every metric name the Grafana dashboard and the alert rules use is one the app exports, and the 500 ms rule is there. */
describe("ops files", () => {
  const sources =
    readFileSync(join(root, "lib/metrics/registry.ts"), "utf8") +
    readFileSync(join(root, "lib/metrics/database-gauges.ts"), "utf8");
  const used = (text: string) => [
    ...new Set([...text.matchAll(/kesu_[a-z_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, ""))),
  ];

  it("the alert rules reference exported metrics and alert on p95 > 500 ms", () => {
    const rules = readFileSync(join(root, "ops/prometheus/kesu-alerts.yml"), "utf8");
    for (const name of used(rules)) expect(sources, name).toContain(`"${name}"`);
    expect(rules).toMatch(
      /histogram_quantile\(0\.95, sum by \(le, route\) \(rate\(kesu_http_request_duration_seconds_bucket\[5m\]\)\)\) > 0\.5/,
    );
  });

  it("the Grafana dashboard is valid JSON over exported metrics, covering each of them", () => {
    const dashboard = JSON.parse(readFileSync(join(root, "ops/grafana/kesu-dashboard.json"), "utf8")) as {
      panels: { targets: { expr: string }[] }[];
    };
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join("\n");
    for (const name of used(exprs)) expect(sources, name).toContain(`"${name}"`);
    for (const name of METRICS) expect(exprs, name).toContain(name);
  });
});
