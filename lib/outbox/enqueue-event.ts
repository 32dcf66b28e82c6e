import type { Prisma } from "../generated/prisma/client";
import { DOMAIN_EVENTS, type DomainEventData, type DomainEventName } from "./domain-events";

type OutboxWriter = { outboxEvent: { create: (args: { data: Prisma.OutboxEventCreateInput }) => Promise<unknown> } };

/**
 * Writes a domain event to the outbox. Pass the transaction client: the event commits with the
 * change it announces, or neither does. The data is checked against the event's schema, so a
 * malformed event fails the change instead of a workflow hours later.
 */
export async function enqueueEvent<N extends DomainEventName>({
  tx,
  name,
  aggregateId,
  data,
}: {
  tx: OutboxWriter;
  name: N;
  aggregateId: string;
  data: DomainEventData<N>;
}): Promise<void> {
  const parsed = DOMAIN_EVENTS[name].parse(data) as Prisma.InputJsonValue;
  await tx.outboxEvent.create({ data: { name, aggregateId, data: parsed } });
}
