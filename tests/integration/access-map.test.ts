import { describe, expect, it } from "vitest";
import { ALL_PERMISSIONS } from "../../lib/auth/permissions";
import { actionEntries, ACTIONS, PAGES, pageEntries, ROUTES, routeEntries, urlPattern } from "../support/access-map";
import { actionFiles, pageFiles, routeFiles } from "../support/app-entry-points";

/**
 * The access map (tests/support/access-map.ts) against the app as it is on disk: every route
 * handler method, every exported server action and every page has an entry saying who may use it,
 * and every entry still has its code. A new route, action or page without an entry fails here.
 */
describe("access map", () => {
  it("has every route handler and exactly its exported methods", () => {
    const onDisk = Object.fromEntries(routeFiles().map(({ file, methods }) => [file, methods]));
    const inMap = Object.fromEntries(
      Object.entries(ROUTES).map(([file, methods]) => [file, Object.keys(methods).sort()]),
    );
    expect(inMap).toEqual(onDisk);
  });

  it("has every export of every server action module", () => {
    const onDisk = Object.fromEntries(actionFiles().map(({ file, exports }) => [file, exports]));
    const inMap = Object.fromEntries(
      Object.entries(ACTIONS).map(([file, actions]) => [file, Object.keys(actions).sort()]),
    );
    expect(inMap).toEqual(onDisk);
  });

  it("has every page", () => {
    expect(Object.keys(PAGES).sort()).toEqual(pageFiles());
  });

  it("names only permissions of the table, and redirects only to pages it knows", () => {
    const entries = [...routeEntries(), ...actionEntries(), ...pageEntries()];
    for (const { access } of entries) if ("permission" in access) expect(ALL_PERMISSIONS).toContain(access.permission);
    const pagePaths = new Set(Object.keys(PAGES).map(urlPattern));
    for (const { access } of pageEntries()) if (access.who === "redirect") expect(pagePaths).toContain(access.to);
  });

  it("gives every public entry point its reason", () => {
    for (const { access } of [...routeEntries(), ...actionEntries(), ...pageEntries()])
      if (access.who === "public" || access.who === "signed") expect(access.why.length).toBeGreaterThan(10);
  });

  it("maps file paths to URLs without route groups", () => {
    expect(urlPattern("app/(admin)/admin/(workspace)/complaints/[id]/page.tsx")).toBe("/admin/complaints/[id]");
    expect(urlPattern("app/(admin)/admin/(workspace)/page.tsx")).toBe("/admin");
    expect(urlPattern("app/page.tsx")).toBe("/");
    expect(urlPattern("app/api/v1/orders/[orderNo]/route.ts")).toBe("/api/v1/orders/[orderNo]");
  });
});
