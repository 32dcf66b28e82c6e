/**
 * Another app process for the rate-limit test: `tsx tests/support/rate-limit-child.ts <databaseUrl> <subject> <hits>`
 * counts hits against the h5_complaint_customer rule with its own database client and prints
 * how many were allowed.
 */
import { consumeRateLimit } from "../../lib/rate-limit/consume-rate-limit";
import { createPrismaClient } from "../../lib/db-client";

const [databaseUrl, subject, hits] = process.argv.slice(2);

async function main() {
  const db = createPrismaClient(databaseUrl!);
  let allowed = 0;
  for (let i = 0; i < Number(hits); i += 1)
    if ((await consumeRateLimit({ db, rule: "h5_complaint_customer", subject: subject! })).allowed) allowed += 1;
  console.log(`allowed ${allowed}`);
  await db.$disconnect();
}

void main();
