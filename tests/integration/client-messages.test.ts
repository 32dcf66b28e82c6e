import { describe, expect, it } from "vitest";
import { CLIENT_NAMESPACES, clientMessages, type ClientPart } from "../../lib/i18n/client-messages";
import { MESSAGES } from "../../lib/i18n/messages";
import { LOCALES } from "../../lib/i18n/config";
import { isClientModule, reachable, readSource, sourceFiles } from "../support/module-graph";

/**
 * Each part's pages send their client components only CLIENT_NAMESPACES[part]
 * (lib/i18n/client-messages.ts). This reads every module that runs in the browser for a part —
 * the "use client" modules its pages and layouts reach, and everything those import — and finds
 * the namespaces their translators read: `useTranslations("ns…")`, and for a translator taken at
 * the root (`useTranslations()`), the first segment of each key it is called with. A key the
 * scan cannot read (not a literal, not a template with a literal first segment) fails the test,
 * as does a namespace the part does not send: that component would show the key, not the text.
 */
const ENTRIES: Record<ClientPart, string[]> = {
  h5: sourceFiles("app/(h5)"),
  staff: sourceFiles("app/(admin)"),
};

function browserModules(part: ClientPart): string[] {
  const fromPages = new Set(ENTRIES[part].flatMap((entry) => [...reachable(entry)]));
  const clientRoots = [...fromPages].filter(isClientModule);
  return [...new Set(clientRoots.flatMap((root) => [root, ...reachable(root)]))].sort();
}

/** The shared key helpers (lib/complaints/vocabulary/label-keys.ts) and the namespace each builds keys in. */
const KEY_HELPERS = new Map(
  [
    ...readSource("lib/complaints/vocabulary/label-keys.ts").matchAll(
      /export const (\w+) = \([^)]*\)[^=]*=>\s*`([^.$`]+)\./g,
    ),
  ].map(([, name, ns]) => [name!, ns!]),
);

/**
 * The namespaces a module's translators read, and the calls the scan could not read. A call
 * belongs to the nearest binding of its name above it (a file's components each bind their own `t`).
 */
function namespacesIn(file: string): { namespaces: string[]; unreadable: string[] } {
  const text = readSource(file);
  const bindings = [...text.matchAll(/(\w+)\s*=\s*useTranslations\(\s*(?:["'`]([^"'`.]+)[^)]*)?\)/g)].map((m) => ({
    name: m[1]!,
    at: m.index!,
    namespace: m[2],
  }));
  const namespaces = bindings.flatMap((b) => (b.namespace ? [b.namespace] : []));
  const unreadable: string[] = [];
  for (const name of new Set(bindings.filter((b) => !b.namespace).map((b) => b.name))) {
    for (const m of text.matchAll(new RegExp(`\\b${name}(?:\\.(?:rich|markup|raw|has))?\\(\\s*([^,)]*)`, "g"))) {
      const binding = bindings.filter((b) => b.name === name && b.at < m.index!).at(-1);
      if (!binding || binding.namespace) continue;
      const key = m[1]!.trim();
      const literal = /^["'`]([^"'`$.]+)[.$]/.exec(key) ?? /^["'`]([^"'`$.]+)["'`]$/.exec(key);
      const helper = KEY_HELPERS.get(/^(\w+)\(/.exec(key)?.[1] ?? "");
      if (literal) namespaces.push(literal[1]!);
      else if (helper) namespaces.push(helper);
      else unreadable.push(`${file}: ${m[0]}`);
    }
  }
  return { namespaces, unreadable };
}

describe("messages sent to the browser", () => {
  it("knows the shared key helpers' namespaces", () => {
    expect(Object.fromEntries(KEY_HELPERS)).toMatchObject({ categoryKey: "taxonomy", statusKey: "status" });
  });
  for (const part of Object.keys(CLIENT_NAMESPACES) as ClientPart[]) {
    it(`the ${part} pages' client components read only the namespaces the ${part} pages send`, () => {
      const modules = browserModules(part);
      expect(modules.length).toBeGreaterThan(5);
      const scanned = modules.map(namespacesIn);
      expect(scanned.flatMap((s) => s.unreadable)).toEqual([]);
      const used = new Set(scanned.flatMap((s) => s.namespaces));
      expect(used.size).toBeGreaterThan(2);
      const sent = new Set<string>(CLIENT_NAMESPACES[part]);
      expect([...used].filter((ns) => !sent.has(ns))).toEqual([]);
    });
  }

  it("sends each part's namespaces whole, in every locale, and nothing else", () => {
    for (const locale of LOCALES)
      for (const part of Object.keys(CLIENT_NAMESPACES) as ClientPart[]) {
        const picked = clientMessages({ messages: MESSAGES[locale], part });
        expect(Object.keys(picked).sort()).toEqual([...CLIENT_NAMESPACES[part]].sort());
        for (const ns of CLIENT_NAMESPACES[part]) expect(picked[ns]).toEqual(MESSAGES[locale][ns]);
      }
  });

  it("the H5 sends a fraction of the messages", () => {
    const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));
    const h5 = size(clientMessages({ messages: MESSAGES["zh-CN"], part: "h5" }));
    expect(h5 / size(MESSAGES["zh-CN"])).toBeLessThan(0.25);
  });
});
