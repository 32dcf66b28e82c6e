import type { PlanMetric } from "../complaints/vocabulary/terms";
import type { Locale } from "../i18n/config";
import type { WindowMeasure } from "./plan-results";

/**
 * A window's value of a plan metric as its reader writes numbers: complaints per 1 000 orders,
 * the mean CSAT, or the share of complaints whose SLA was breached. "—" when there is nothing to
 * measure (no orders, no answers, no complaints).
 */
export function planMetricValue({
  metric,
  measure,
  locale,
}: {
  metric: PlanMetric;
  measure: WindowMeasure | null;
  locale: Locale;
}): string {
  if (!measure) return "—";
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  switch (metric) {
    case "complaint_rate":
      return measure.ratePer1000 === null ? "—" : number.format(measure.ratePer1000);
    case "csat":
      return measure.csat.mean === null ? "—" : number.format(measure.csat.mean);
    case "sla_breaches":
      return measure.complaints
        ? new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(
            measure.breaches / measure.complaints,
          )
        : "—";
  }
}
