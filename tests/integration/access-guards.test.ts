import { describe, expect, it } from "vitest";
import { actionEntries, pageEntries, routeEntries, routeExport } from "../support/access-map";
import { checkEntryGuard } from "../support/access-guards";
import { withSourceText } from "../support/app-entry-points";

/**
 * Every entry point of the access map starts with the guard its entry names, read from its code
 * (TypeScript AST, tests/support/access-guards.ts): a staff action's runStaffAction / requireStaff
 * with the map's permission, an H5 entry's session lookup acted on before anything else (and the
 * session's scope applied), a shop route wrapped by shopRoute, a signed entry's own check — and
 * no lib/ call or database access before it.
 */
describe("guards read from the code", () => {
  for (const { file, method, access } of routeEntries()) {
    it(`${method} ${file}`, () => {
      const report = checkEntryGuard({ file, exportName: routeExport(file, method), access });
      expect(report.problems).toEqual([]);
      expect(report.guard).toBeTruthy();
    });
  }
  for (const { file, name, access } of actionEntries()) {
    it(`action ${name} (${file})`, () => {
      const report = checkEntryGuard({ file, exportName: name, access });
      expect(report.problems).toEqual([]);
      expect(report.guard).toBeTruthy();
    });
  }
  for (const { file, access } of pageEntries()) {
    it(`page ${file}`, () => {
      const report = checkEntryGuard({ file, exportName: "default", access });
      expect(report.problems).toEqual([]);
      expect(report.guard).toBeTruthy();
    });
  }
});

/** The check itself, on code written to fail it (never on disk: read from these strings). */
describe("the guard check catches", () => {
  const check = (
    name: string,
    text: string,
    exportName: string,
    access: Parameters<typeof checkEntryGuard>[0]["access"],
  ) => {
    const file = `app/__guard-check__/${name}`;
    withSourceText(file, text);
    return checkEntryGuard({ file, exportName, access });
  };
  const staffAction = (body: string) => `"use server";
import { runStaffAction, formObject } from "@/lib/auth/staff-action";
import { claimComplaint } from "@/lib/complaints/handling/claim-complaint";
import { db } from "@/lib/db";
export async function claimAction(_: unknown, formData: FormData) {
${body}
}`;

  it("a well-guarded action (the pattern of the app's own)", () => {
    const report = check(
      "ok/actions.ts",
      staffAction(`const input = formObject(formData);
  return runStaffAction({ permission: "complaint.claim", schema, input, run: (actor, d) => claimComplaint({ db, actor, complaintId: d.complaintId, version: 0 }) });`),
      "claimAction",
      { who: "staff", permission: "complaint.claim", scope: "complaint" },
    );
    expect(report).toEqual({ guard: "runStaffAction(complaint.claim)", problems: [] });
  });

  it("a lib call before the guard", () => {
    const report = check(
      "early/actions.ts",
      staffAction(`await db.complaint.update({ where: { id: String(formData.get("id")) }, data: {} });
  return runStaffAction({ permission: "complaint.claim", schema, input: {}, run: async () => null });`),
      "claimAction",
      { who: "staff", permission: "complaint.claim" },
    );
    expect(report.problems).toEqual(["calls db.complaint.update before its guard"]);
  });

  it("a permission other than the map's", () => {
    const report = check(
      "perm/actions.ts",
      staffAction(`return runStaffAction({ permission: "complaint.note", schema, input: {}, run: async () => null });`),
      "claimAction",
      { who: "staff", permission: "complaint.claim" },
    );
    expect(report.problems).toEqual(["runStaffAction checks complaint.note, the map says complaint.claim"]);
  });

  it("a permission that is not written out", () => {
    const report = check(
      "dyn/actions.ts",
      staffAction(`const p = String(formData.get("p")) as never;
  return runStaffAction({ permission: p, schema, input: {}, run: async () => null });`),
      "claimAction",
      { who: "staff", permission: "complaint.claim" },
    );
    expect(report.problems).toEqual(["runStaffAction checks (not a string literal), the map says complaint.claim"]);
  });

  it("an action without any guard", () => {
    const report = check(
      "none/actions.ts",
      staffAction(
        `return claimComplaint({ db, actor: null as never, complaintId: String(formData.get("id")), version: 0 });`,
      ),
      "claimAction",
      { who: "staff", permission: "complaint.claim" },
    );
    expect(report.problems).toEqual(["calls claimComplaint before its guard", "no guard for staff:complaint.claim"]);
  });

  it("work done after a guard that returns its refusal", () => {
    const report = check(
      "after/actions.ts",
      staffAction(`const state = await runStaffAction({ permission: "complaint.claim", schema, input: {}, run: async () => null });
  await claimComplaint({ db, actor: null as never, complaintId: "x", version: 0 });
  return state;`),
      "claimAction",
      { who: "staff", permission: "complaint.claim" },
    );
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).toMatch(/^calls claimComplaint after runStaffAction/);
  });

  it("an H5 page that never acts on a missing session", () => {
    const report = check(
      "h5/page.tsx",
      `import { getH5Session } from "@/lib/auth/h5-session";
import { getComplaintView } from "@/lib/complaints/get-complaint-view";
import { db } from "@/lib/db";
export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const session = await getH5Session();
  const view = await getComplaintView({ db, id: (await params).id, viewer: { kind: "customer", principal: session!.principal } });
  return <p>{view.description}</p>;
}`,
      "default",
      { who: "h5", scope: "complaint" },
    );
    expect(report.problems).toEqual([
      "calls getComplaintView before its guard",
      "getH5Session (line 5) is never acted on by an if that leaves",
      "no guard for h5",
    ]);
  });

  it("an H5 action that skips the session's scope", () => {
    const report = check(
      "scope/actions.ts",
      `"use server";
import { getH5Session } from "@/lib/auth/h5-session";
import { confirmResolution } from "@/lib/complaints/customer/confirm-resolution";
import { db } from "@/lib/db";
async function runCustomerAction(input: unknown, inScope: (principal: unknown, d: never) => void, run: (customerId: string, d: never) => Promise<unknown>) {
  const session = await getH5Session();
  if (!session) return { message: "no" };
  await inScope(session.principal, input as never);
  await run(session.customer.id, input as never);
  return { ok: true };
}
export async function confirmAction(_: unknown, formData: FormData) {
  return runCustomerAction({ complaintId: formData.get("complaintId") }, () => undefined, (customerId, d: { complaintId: string }) => confirmResolution({ db, customerId, complaintId: d.complaintId }));
}`,
      "confirmAction",
      { who: "h5", scope: "complaint" },
    );
    expect(report.guard).toBe("runCustomerAction → getH5Session");
    expect(report.problems).toEqual([
      "never uses the H5 session's principal: the session's scope (its orders) is not applied",
    ]);
  });

  it("a route handler with no guard, and one wrapped by the shop's", () => {
    const route = `import { shopRoute } from "@/lib/api/shop-route";
import { db } from "@/lib/db";
import { timed } from "@/lib/metrics/registry";
async function handleGet() {
  return Response.json(await db.complaint.findMany());
}
export const GET = timed("/x", handleGet);
export const POST = shopRoute("/x", async () => Response.json(await db.complaint.findMany()));`;
    expect(check("open/route.ts", route, "GET", { who: "shop" }).problems).toEqual([
      "calls db.complaint.findMany before its guard",
      "no guard for shop",
    ]);
    expect(check("open/route.ts", route, "POST", { who: "shop" })).toEqual({ guard: "shopRoute", problems: [] });
  });
});
