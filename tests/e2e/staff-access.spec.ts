import { expect, test } from "@playwright/test";
import { can, STAFF_ROLES, type Permission } from "../../lib/auth/permissions";
import { DESKTOP, E2E_STAFF_PASSWORD, h5Link, postComplaint, putOrder, signInStaff } from "./support";

type PagePermission = Extract<Permission, `page.${string}`>;

let complaintId = "";
test.beforeAll(async ({ request }) => {
  await putOrder(request, "E2E-ACCESS-1", { externalId: "CU-E2E-ACCESS", name: "权限测试" }, "66.00");
  complaintId = await postComplaint(request, "E2E-ACCESS-1", "product.quality", "权限矩阵用的投诉");
});

// One path per page permission: typed by the table, so a new page permission needs an entry.
const PAGE_PATHS: Record<PagePermission, () => string> = {
  "page.dashboard": () => "/admin",
  "page.queue": () => "/admin/complaints",
  "page.complaint": () => `/admin/complaints/${complaintId}`,
  "page.qa": () => "/admin/qa",
  "page.audit": () => "/admin/audit",
  "page.settings": () => "/admin/settings/sla",
  "page.outbox": () => "/admin/outbox",
  "page.callbacks": () => "/admin/callbacks",
  "page.experiments": () => "/admin/experiments",
  "page.plans": () => "/admin/plans",
  "page.risk": () => "/admin/risk",
  "page.alerts": () => "/admin/alerts",
  "page.reports": () => "/admin/reports",
  "page.knowledge": () => "/admin/knowledge",
  "page.workflows": () => "/admin/workflows",
  "page.team": () => "/admin/settings/team",
  "page.rules": () => "/admin/settings/rules",
  "page.suggestions": () => "/admin/suggestions",
  "page.ratings": () => "/admin/ratings",
};

test.describe("staff pages by role", () => {
  test.use(DESKTOP);
  for (const role of STAFF_ROLES) {
    test(`${role}: every page answers as the permission table says`, async ({ page }) => {
      await signInStaff(page.request, `${role}@kesu.demo`);
      for (const [permission, path] of Object.entries(PAGE_PATHS) as [PagePermission, () => string][]) {
        const response = await page.goto(path());
        const allowed = can(role, permission);
        // /admin is everyone's home: those without the dashboard land on the queue instead of a 403.
        if (permission === "page.dashboard" && !allowed) {
          await expect(page).toHaveURL(/\/admin\/complaints$/);
          continue;
        }
        expect(response?.status(), `${role} ${permission}`).toBe(allowed ? 200 : 403);
        if (!allowed) await expect(page.getByTestId("forbidden")).toBeVisible();
      }
    });
  }
});

test.describe("staff pages without a staff session", () => {
  test.use(DESKTOP);
  test("send anonymous visitors to sign-in, keeping where they were going", async ({ page }) => {
    await page.goto("/admin/audit");
    await expect(page).toHaveURL(/\/admin\/sign-in\?callbackUrl=/);
  });

  test("are closed to a signed-in H5 customer", async ({ page, request }) => {
    await page.goto(await h5Link(request, "E2E-ACCESS-1"));
    await expect(page).toHaveURL(/\/h5\//);
    await page.goto("/admin/complaints");
    await expect(page).toHaveURL(/\/admin\/sign-in/);
    expect((await page.request.get(`/api/files/00000000-0000-4000-8000-000000000000`)).status()).toBe(404);
  });
});

test.describe("sign-in form", () => {
  test.use(DESKTOP);
  test("signs in with email and password and lands on the queue", async ({ page }) => {
    await page.goto("/admin/sign-in");
    await page.fill("input[name=email]", "supervisor@kesu.demo");
    await page.fill("input[name=password]", "wrong password");
    await page.click("button[type=submit]");
    await expect(page.getByTestId("error-message")).toHaveText("邮箱或密码不正确");
    await page.fill("input[name=password]", E2E_STAFF_PASSWORD);
    await page.click("button[type=submit]");
    await expect(page).toHaveURL(/\/admin\/complaints/);
    await expect(page.getByTestId("queue-table")).toBeVisible();
  });
});
