import type { Translator } from "../i18n/translator";
import { complaintNumber } from "../complaints/complaint-number";

/** An alert in words, for the alerts page and the robot messages. */
export function alertText({
  t,
  kind,
  details,
}: {
  t: Translator;
  kind: string;
  details: Record<string, unknown>;
}): string {
  const d = (key: string) => String(details[key] ?? "");
  switch (kind) {
    case "product_spike":
      return t("alerts.product_spike", { product: d("product"), sku: d("sku"), count: Number(details.count ?? 0) });
    case "region_delivery_spike":
      return t("alerts.region_delivery_spike", {
        region: d("region"),
        count: Number(details.lastHour ?? 0),
        mean: d("hourlyMean"),
      });
    case "sla_breach":
      return t("alerts.sla_breach", { id: complaintNumber(d("complaintId")) });
    default:
      return kind;
  }
}
