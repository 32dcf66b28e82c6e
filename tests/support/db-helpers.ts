import { CATEGORIES } from "../../lib/complaints/vocabulary/taxonomy";
import { createPrismaClient } from "../../lib/db-client";
import { Prisma } from "../../lib/generated/prisma/client";

export const testDb = createPrismaClient(process.env.DATABASE_URL!);

/**
 * Empties everything but the reference data the migrations insert (groups, SLA policies). The
 * audit log refuses TRUNCATE through a trigger; the test database's superuser switches triggers
 * off for this one transaction (replica mode), which the application's role could not do.
 */
export async function resetData() {
  await testDb.$transaction([
    testDb.$executeRawUnsafe(`SET LOCAL session_replication_role = replica`),
    testDb.$executeRawUnsafe(
      `TRUNCATE app_settings, rate_limit_hits, complaint_stats_delta, complaint_keywords_delta, complaint_stats_daily, complaint_stats_monthly, complaint_keywords_daily, complaint_keywords_monthly, order_stats_delta, order_stats_daily, order_stats_monthly, order_product_stats_delta, order_product_stats_daily, order_product_stats_monthly, complaint_product_stats_delta, complaint_product_stats_daily, complaint_product_stats_monthly, knowledge_cases, faq_self_serves, faq_entries, reports, alerts, callback_tasks, survey_responses, notification_deliveries, notification_channels, outbox_events, audit_log, qa_reviews, reply_templates, staff_group_members, complaint_events, compensations, uploads, complaints, order_items, orders, risk_models, sentiment_adaptations, products, customers, staff_users RESTART IDENTITY CASCADE`,
    ),
    // Team tests create groups and move categories: back to the migrations' groups and routing.
    testDb.$executeRawUnsafe(
      `DELETE FROM handling_groups WHERE code NOT IN ('product', 'order', 'delivery', 'service', 'vip')`,
    ),
    testDb.$executeRawUnsafe(
      `UPDATE handling_groups SET expert_on_duty_id = NULL, categories = CASE code WHEN 'vip' THEN ARRAY[]::text[] ELSE ARRAY(SELECT c FROM unnest($1::text[]) c WHERE split_part(c, '.', 1) = code) END`,
      [...CATEGORIES],
    ),
    // Rule tests save new versions: back to the seeded version 1.
    testDb.$executeRawUnsafe(`DELETE FROM handling_rule_versions WHERE version > 1`),
    // Settings tests change the SLA policies: back to the migration's defaults.
    testDb.$executeRawUnsafe(
      `UPDATE sla_policies SET first_response_minutes = CASE priority WHEN 'high' THEN 30 ELSE 120 END, resolution_plan_minutes = 1440, warn_before_minutes = 10, business_start_minute = NULL, business_end_minute = NULL`,
    ),
  ]);
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

/** The test database, recording the SQL of each `$queryRaw` it runs (to see which way a query went). */
export function recordingQueries(): { db: typeof testDb; statements: string[] } {
  const statements: string[] = [];
  const db = new Proxy(testDb, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (prop !== "$queryRaw" || typeof value !== "function") return value;
      return (strings: TemplateStringsArray, ...values: unknown[]) => {
        statements.push(Prisma.sql(strings, ...values).sql);
        return (value as (...args: unknown[]) => unknown).call(target, strings, ...values);
      };
    },
  });
  return { db, statements };
}
