import type { z } from "zod";
import { readJsonBody, shopRoute } from "@/lib/api/shop-route";
import { db } from "@/lib/db";
import { getEnv } from "@/lib/env";
import { issueWidgetTicket } from "@/lib/widget/issue-widget-ticket";
import { widgetEmbed } from "@/lib/widget/widget-embed";
import { widgetSessionSchema } from "@/lib/widget/widget-schemas";
import { parseInput } from "@/lib/validation";

const readWidgetRequest = async (request: Request) => parseInput(widgetSessionSchema, await readJsonBody(request));

/**
 * The shop's backend, rendering a page for its signed-in customer, asks for the widget's ticket and
 * puts the returned `<script>` tag (or the iframe URL) in the page. Nothing about the customer goes
 * into the page but the sealed ticket.
 */
export const POST = shopRoute<Record<string, never>, z.output<typeof widgetSessionSchema>>(
  "/api/v1/widget-sessions",
  async ({ body }) => {
    const env = getEnv();
    const issued = await issueWidgetTicket({
      db,
      customerExternalId: body.customerId,
      orderNo: body.orderNo,
      page: body.page,
      secret: env.H5_LINK_SECRET,
    });
    return Response.json(
      {
        ticket: issued.ticket,
        expiresAt: issued.expiresAt.toISOString(),
        anomaly: issued.anomaly,
        ...widgetEmbed({ appUrl: env.APP_URL, ticket: issued.ticket, page: body.page, anomaly: issued.anomaly }),
      },
      { headers: { "cache-control": "no-store" } },
    );
  },
  readWidgetRequest,
);
