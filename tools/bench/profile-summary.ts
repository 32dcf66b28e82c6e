/**
 * A V8 CPU profile summed by where the code comes from (Prisma, pg, jieba, Kesu's lib…): self
 * time per category, the share each takes of the busy time. For `npm run profile:intake`.
 */
type ProfileNode = { id: number; callFrame: { functionName: string; url: string }; hitCount?: number };
export type CpuProfile = { nodes: ProfileNode[] };

const CATEGORIES: [name: string, test: (url: string, fn: string) => boolean][] = [
  ["garbage collection", (_url, fn) => fn === "(garbage collector)"],
  // Prisma 7's query compiler is WebAssembly: its frames have wasm:// URLs.
  [
    "Prisma client and query compiler",
    (url) => url.includes("node_modules/@prisma/") || url.includes("lib/generated/prisma") || url.startsWith("wasm://"),
  ],
  ["pg driver", (url) => /node_modules\/pg(-[a-z]+)?\//.test(url)],
  [
    "jieba, sentiment, keywords (lib/nlp)",
    (url) => url.includes("node_modules/@node-rs/jieba") || url.includes("/lib/nlp/"),
  ],
  ["zod", (url) => url.includes("node_modules/zod/")],
  ["Kesu lib (triage, intake, crypto…)", (url) => url.includes("/lib/") && !url.includes("node_modules/")],
  ["Node internals (sockets, streams, crypto)", (url) => url.startsWith("node:")],
  ["other packages", (url) => url.includes("node_modules/")],
  // Builtins without a script (JSON, RegExp, Buffer…): attributed to no package.
  ["V8 builtins and native code", () => true],
];

/** Self-time samples summed under a key per call frame, and the busy total (idle and root left out). */
function busyHits(profile: CpuProfile, keyOf: (frame: ProfileNode["callFrame"]) => string) {
  const hits = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const count = node.hitCount ?? 0;
    const { functionName } = node.callFrame;
    if (!count || functionName === "(idle)" || functionName === "(root)") continue;
    const key = keyOf(node.callFrame);
    hits.set(key, (hits.get(key) ?? 0) + count);
    busy += count;
  }
  return { hits, busy };
}

export function summariseProfile(profile: CpuProfile): { category: string; share: number }[] {
  const { hits, busy } = busyHits(profile, ({ url, functionName }) => {
    const [category] = CATEGORIES.find(([, test]) => test(url, functionName))!;
    return category;
  });
  return [...hits.entries()]
    .map(([category, count]) => ({ category, share: Math.round((count / busy) * 1000) / 1000 }))
    .sort((a, b) => b.share - a.share);
}

/** The functions with the most self time (name and where it lives), for the README's "where the time goes". */
export function topFunctions(profile: CpuProfile, count = 12): { fn: string; where: string; share: number }[] {
  const { hits, busy } = busyHits(profile, ({ url, functionName }) => {
    const where = url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(lib|tools|scripts)\//, "$1/");
    return `${functionName || "(anonymous)"}\t${where}`;
  });
  return [...hits.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, n]) => {
      const [fn, where] = key.split("\t") as [string, string];
      return { fn, where, share: Math.round((n / busy) * 1000) / 1000 };
    });
}
