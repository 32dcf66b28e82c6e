import type { Db } from "../db-client";
import { isRegionSpike, PRODUCT_SPIKE_COUNT, PRODUCT_SPIKE_WINDOW_HOURS, REGION_BASELINE_DAYS } from "./alert-rules";
import { raiseAlert } from "./raise-alert";

export type RaisedAlert = { id: string; key: string; kind: string; opened: boolean; details: Record<string, unknown> };

/**
 * After a complaint is filed: the same product in ≥ 5 complaints within 24 h, and a spike of
 * delivery complaints from its region (≥ 3× the trailing 7-day hourly mean and ≥ 5 in the hour).
 */
export async function detectComplaintAlerts({
  db,
  complaintId,
  now = new Date(),
}: {
  db: Db;
  complaintId: string;
  now?: Date;
}): Promise<RaisedAlert[]> {
  const complaint = await db.complaint.findUnique({
    where: { id: complaintId },
    select: {
      category: true,
      order: {
        select: {
          region: true,
          items: { select: { productId: true, product: { select: { sku: true, name: true } } } },
        },
      },
    },
  });
  if (!complaint) return [];
  const raised: RaisedAlert[] = [];
  const since = new Date(now.getTime() - PRODUCT_SPIKE_WINDOW_HOURS * 3_600_000);
  if (complaint.category.startsWith("product.")) {
    for (const item of complaint.order.items) {
      const count = await db.complaint.count({
        where: {
          createdAt: { gte: since, lte: now },
          category: { startsWith: "product." },
          order: { items: { some: { productId: item.productId } } },
        },
      });
      if (count >= PRODUCT_SPIKE_COUNT) {
        const key = `product:${item.productId}`;
        const details = {
          sku: item.product.sku,
          product: item.product.name,
          count,
          windowHours: PRODUCT_SPIKE_WINDOW_HOURS,
        };
        raised.push({
          ...(await raiseAlert({ db, key, kind: "product_spike", details, now })),
          key,
          kind: "product_spike",
          details,
        });
      }
    }
  }
  if (complaint.category.startsWith("delivery.")) {
    const region = complaint.order.region;
    const hourAgo = new Date(now.getTime() - 3_600_000);
    const baselineStart = new Date(hourAgo.getTime() - REGION_BASELINE_DAYS * 86_400_000);
    const inRegion = { category: { startsWith: "delivery." }, order: { region } };
    const [lastHour, previousSevenDays] = await Promise.all([
      db.complaint.count({ where: { ...inRegion, createdAt: { gte: hourAgo, lte: now } } }),
      db.complaint.count({ where: { ...inRegion, createdAt: { gte: baselineStart, lt: hourAgo } } }),
    ]);
    if (isRegionSpike({ lastHour, previousSevenDays })) {
      const key = `region-delivery:${region}`;
      const details = {
        region,
        lastHour,
        hourlyMean: Math.round((previousSevenDays / (REGION_BASELINE_DAYS * 24)) * 100) / 100,
      };
      raised.push({
        ...(await raiseAlert({ db, key, kind: "region_delivery_spike", details, now })),
        key,
        kind: "region_delivery_spike",
        details,
      });
    }
  }
  return raised;
}

/** Every SLA breach is an alert too (one per complaint while open). */
export async function alertSlaBreach({
  db,
  complaintId,
  kind,
  escalationLevel,
  now = new Date(),
}: {
  db: Db;
  complaintId: string;
  kind: string;
  escalationLevel: number;
  now?: Date;
}): Promise<RaisedAlert> {
  const key = `sla:${complaintId}`;
  const details = { complaintId, deadline: kind, escalationLevel };
  return { ...(await raiseAlert({ db, key, kind: "sla_breach", details, now })), key, kind: "sla_breach", details };
}
