-- The queue sorts by (sort value, id) and pages by keyset (lib/complaints/queue/list-queue.ts).
-- These indexes match those orderings, so any page reads 25 index entries instead of sorting the
-- table (measured in npm run bench). Expression indexes: Prisma's schema cannot declare them.
CREATE INDEX "complaints_queue_sla_idx" ON "complaints" ((coalesce("sla_due_at", 'infinity'::timestamptz)), "id");
CREATE INDEX "complaints_queue_created_idx" ON "complaints" ("created_at", "id");
CREATE INDEX "complaints_queue_priority_idx" ON "complaints" ("priority", "id");
