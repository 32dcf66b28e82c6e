import { createPrismaClient } from "../../lib/db/create-client";

export const testDb = createPrismaClient(process.env.DATABASE_URL!);

/** Empties everything but the reference data the migrations insert (groups, SLA policies). */
export async function resetData() {
  await testDb.$executeRawUnsafe(
    `TRUNCATE complaint_events, compensations, uploads, complaints, order_items, orders, products, customers, staff_users RESTART IDENTITY CASCADE`,
  );
}

export async function rowCounts() {
  const [complaints, events, compensations, uploads, orders] = await Promise.all([
    testDb.complaint.count(),
    testDb.complaintEvent.count(),
    testDb.compensation.count(),
    testDb.upload.count(),
    testDb.order.count(),
  ]);
  return { complaints, events, compensations, uploads, orders };
}
