/**
 * Planned notification deliveries as the events that send them (one `deliver-notification` run
 * each, retried on its own). The event id is the delivery's, so a replayed step sends nothing twice.
 */
export function deliveryEvents(deliveries: { id: string; channelId: string }[]) {
  return deliveries.map((d) => ({
    name: "kesu/notification.requested" as const,
    id: `delivery-${d.id}`,
    data: { deliveryId: d.id, channelId: d.channelId },
  }));
}
