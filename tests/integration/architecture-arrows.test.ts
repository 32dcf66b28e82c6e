import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { isClientModule, reachable, ROOT, sourceFiles } from "../support/module-graph";

/**
 * The arrows of the house style (ESLint encodes them too, per import; this test resolves them): lib never imports app,
 * pages (the intake API route), components or tools; pages imports lib only; components never import app (pages pass server actions as props) or the
 * database; Inngest functions never import app; tools/ (start-up, seeding, migrations, benches:
 * code only scripts/ and tests run) stays out of everything the server loads — lib, app,
 * components, inngest and the root modules Next loads. Imports are resolved, so `../apply-change`
 * is not `app/`.
 */

/** Every module a file imports, as a path from the repository root (packages stay as named). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)].map(([, spec]) => {
    if (spec!.startsWith("@/")) return spec!.slice(2);
    if (spec!.startsWith(".")) return relative(ROOT, resolve(ROOT, dirname(file), spec!));
    return spec!;
  });
}

function violations(dir: string, forbidden: (target: string) => boolean) {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter(forbidden)
      .map((target) => `${file} → ${target}`),
  );
}

const under = (prefix: string) => (target: string) => target === prefix || target.startsWith(`${prefix}/`);

/** The root modules Next itself loads. */
const NEXT_ROOT_FILES = ["proxy.ts", "instrumentation.ts", "next.config.ts"];

describe("the arrows between layers", () => {
  it("lib imports neither app, pages, components nor tools", () => {
    expect(
      violations("lib", (t) => under("app")(t) || under("pages")(t) || under("components")(t) || under("tools")(t)),
    ).toEqual([]);
  });
  it("pages (the intake API route) imports lib only: not app, components nor tools", () => {
    expect(violations("pages", (t) => under("app")(t) || under("components")(t) || under("tools")(t))).toEqual([]);
  });
  it("nothing the server loads imports tools", () => {
    const found = [
      ...["app", "pages", "components", "inngest"].flatMap((dir) => violations(dir, under("tools"))),
      ...NEXT_ROOT_FILES.flatMap((file) =>
        importsOf(file)
          .filter(under("tools"))
          .map((target) => `${file} → ${target}`),
      ),
    ];
    expect(found).toEqual([]);
  });
  it("components import neither app (server actions come as props) nor the database", () => {
    expect(
      violations(
        "components",
        (t) =>
          under("app")(t) ||
          t === "lib/db" ||
          under("lib/db")(t) ||
          t === "lib/db-client" ||
          t === "lib/generated/prisma/client",
      ),
    ).toEqual([]);
  });
  it("inngest functions do not import app", () => {
    expect(violations("inngest", (t) => under("app")(t) || under("pages")(t))).toEqual([]);
  });
  it("no client module reaches the database client, directly or through lib", () => {
    // lib/db.ts carries no "server-only" marker (the Pages Router intake route cannot load it), so
    // this is the check that a "use client" module's import graph never pulls the database in.
    const clientModules = ["app", "components", "lib"].flatMap((dir) => sourceFiles(dir)).filter(isClientModule);
    expect(clientModules.length).toBeGreaterThan(10);
    const offending = clientModules.flatMap((file) =>
      [...reachable(file)]
        .filter((target) => /^lib\/(db|db-client)\.ts$|^lib\/generated\//.test(target))
        .map((target) => `${file} → … → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
