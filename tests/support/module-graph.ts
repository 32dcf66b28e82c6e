import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** The repository's source files as seen by the import-graph tests (paths from the root). */
export const ROOT = resolve(__dirname, "../..");

export function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (name === "generated" || name === "node_modules") return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

export const readSource = (file: string) => readFileSync(join(ROOT, file), "utf8");

export const isClientModule = (file: string) => /^\s*["']use client["']/.test(readSource(file));
const isServerActionModule = (file: string) => /^\s*["']use server["']/.test(readSource(file));

/** A module path as a file on disk, or undefined (a package). */
function asFile(target: string): string | undefined {
  if (!/^(app|components|lib|inngest|pages)\//.test(target)) return undefined;
  const candidates = [target, `${target}.ts`, `${target}.tsx`, `${target}/index.ts`, `${target}/index.tsx`];
  return candidates.find((candidate) => existsSync(join(ROOT, candidate)) && statSync(join(ROOT, candidate)).isFile());
}

/** Every source file `file` imports at run time (type-only imports are erased), transitively; a "use server" module's own imports not followed. */
export function reachable(file: string, seen = new Set<string>()): Set<string> {
  const specs = [...readSource(file).matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;]*?\s+from\s+)?"([^"]+)"/gms)]
    .filter(([, typeOnly]) => !typeOnly)
    .map(([, , spec]) => spec!);
  for (const spec of specs) {
    const target = spec.startsWith("@/")
      ? spec.slice(2)
      : spec.startsWith(".")
        ? relative(ROOT, resolve(ROOT, dirname(file), spec))
        : spec;
    const found = asFile(target);
    if (!found || seen.has(found)) continue;
    seen.add(found);
    // A server action module reaches the client as references to call, not as its code.
    if (isServerActionModule(found)) continue;
    reachable(found, seen);
  }
  return seen;
}
