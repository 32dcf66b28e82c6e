import type { Prisma } from "../generated/prisma/client";
import { DOMAIN_EVENTS, type DomainEventData, type DomainEventName } from "./domain-events";

type OutboxWriter = {
  outboxEvent: {
    create: (args: { data: Prisma.OutboxEventCreateInput }) => Promise<unknown>;
    createMany: (args: { data: Prisma.OutboxEventCreateManyInput[] }) => Promise<unknown>;
  };
};

/** One event for `enqueueEvents`: its name, the aggregate it is about, its data (checked on write). */
export type OutboxEntry = {
  [N in DomainEventName]: { name: N; aggregateId: string; data: DomainEventData<N> };
}[DomainEventName];

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

/** Several events in one statement, in order (their ids keep it), each checked like `enqueueEvent`'s. */
export async function enqueueEvents({ tx, events }: { tx: OutboxWriter; events: OutboxEntry[] }): Promise<void> {
  const rows = outboxRows(events);
  if (rows.length) await tx.outboxEvent.createMany({ data: rows });
}

/** The rows events become, each checked against its schema (for a writer that is not Prisma). */
export function outboxRows(events: OutboxEntry[]) {
  return events.map(({ name, aggregateId, data }) => ({
    name,
    aggregateId,
    data: DOMAIN_EVENTS[name].parse(data) as Prisma.InputJsonValue,
  }));
}
