import type { OrderAnomaly } from "../orders/order-anomalies";
import type { WidgetPage } from "./issue-widget-ticket";

/** Where the loader is served (app/widget.js/route.ts). */
const WIDGET_SCRIPT_PATH = "/widget.js";

const attribute = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * What the shop pastes into its page: the loader's `<script>` tag (a floating button that opens
 * the H5 flow over the page), or — for a shop app's webview that would rather open the flow
 * itself — the URL to load. Both carry only the sealed ticket.
 */
export function widgetEmbed({
  appUrl,
  ticket,
  page,
  anomaly,
}: {
  appUrl: string;
  ticket: string;
  page: WidgetPage;
  anomaly: OrderAnomaly | null;
}): { script: string; frameUrl: string } {
  const base = appUrl.replace(/\/$/, "");
  const attributes = [
    `src="${attribute(base + WIDGET_SCRIPT_PATH)}"`,
    `data-ticket="${attribute(ticket)}"`,
    `data-page="${page}"`,
    ...(anomaly ? [`data-anomaly="${anomaly}"`] : []),
    "async",
  ];
  return { script: `<script ${attributes.join(" ")}></script>`, frameUrl: `${base}/h5/enter?w=${ticket}` };
}
