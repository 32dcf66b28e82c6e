import { assertCan, type StaffActor } from "../auth/staff-actor";
import type { Db } from "../db-client";

export async function listReports({ db, actor }: { db: Db; actor: StaffActor }) {
  assertCan(actor, "page.reports");
  return db.report.findMany({ orderBy: { periodStart: "desc" }, take: 30 });
}
