import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The README's architecture tree (the fenced block under "## Architecture") names every folder of
 * lib/ and tools/ on its own line, and names nothing that is gone: the layout cannot drift from
 * the tree again (issue 13). No database needed.
 */
const ROOT = resolve(__dirname, "../..");

/** The lines of the first fenced block after the "## Architecture" heading. */
function architectureBlock(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("\n## Architecture\n"));
  const [, block] = section.split("```");
  if (!block) throw new Error("README: no fenced block under ## Architecture");
  return block.split("\n");
}

/**
 * The folders listed under a top-level entry (`lib/`, `tools/`): the first word of each line
 * indented by two spaces, until the next top-level entry, where that word ends in `/` (files are
 * not folders; continuation lines are indented further).
 */
function listedFolders(lines: string[], top: string): string[] {
  return entryLines(lines, top).flatMap((line) => {
    const word = line.trim().split(/\s+/)[0]!;
    return word.endsWith("/") ? [word.slice(0, -1)] : [];
  });
}

/** The lines indented by exactly two spaces under a top-level entry, up to the next one. */
function entryLines(lines: string[], top: string): string[] {
  const start = lines.findIndex((line) => line.startsWith(`${top}/ `));
  if (start < 0) throw new Error(`README architecture: no ${top}/ entry`);
  const end = lines.findIndex((line, i) => i > start && !line.startsWith(" "));
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((line) => /^ {2}\S/.test(line));
}

/** Folders that hold code; generated code (Prisma's client) is not part of the layout. */
const folders = (top: string) =>
  readdirSync(join(ROOT, top)).filter((name) => name !== "generated" && statSync(join(ROOT, top, name)).isDirectory());

describe("README architecture tree", () => {
  const lines = architectureBlock();

  for (const top of ["lib", "tools"]) {
    it(`lists every ${top}/ folder, and only folders that exist`, () => {
      const listed = listedFolders(lines, top);
      expect(listed.filter((name) => !existsSync(join(ROOT, top, name)))).toEqual([]);
      expect(folders(top).filter((name) => !listed.includes(name))).toEqual([]);
      // Files it names at that level (`db.ts`) exist too.
      const files = entryLines(lines, top)
        .flatMap((line) =>
          line
            .trim()
            .split(/\s{2,}/)[0]!
            .split(/\s+/),
        )
        .filter((word) => /^[\w.-]+\.tsx?$/.test(word));
      expect(files.filter((name) => !existsSync(join(ROOT, top, name)))).toEqual([]);
      // One line each: no folder listed twice.
      expect(listed.filter((name, i) => listed.indexOf(name) !== i)).toEqual([]);
    });
  }

  it("every top-level path it names exists", () => {
    const named = lines.filter((line) => /^\S/.test(line)).flatMap((line) => line.split(/\s{2,}/)[0]!.split(/\s+/));
    // Words that look like a path (a slash or a file extension), not globs or prose.
    const paths = named.filter((word) => /^[\w.-]+(?:\/[\w.-]*)*$/.test(word) && /[/.]/.test(word));
    expect(paths.length).toBeGreaterThan(5);
    expect(paths.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});
