import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { startExport } from "../../lib/complaints/export/export-complaints";
import { csvStream, exportColumns } from "../../lib/complaints/export/export-formats";
import { parseQueueFilter, type QueueFilter } from "../../lib/complaints/queue/queue-filter";
import type { Keyring } from "../../lib/crypto/field-encryption";
import type { Db } from "../../lib/db-client";

/**
 * V8's gc(). `npm run bench` is `tsx scripts/bench.ts`, a node without --expose-gc: the flag can
 * still be set at run time, and a new context then gets the function (the current one does not).
 */
export function exposedGc(): () => void {
  if (typeof globalThis.gc === "function") return globalThis.gc as () => void;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

const MB = 1e6;
const round = (bytes: number) => Math.round(bytes / (MB / 10)) / 10;

/**
 * Streams a CSV export of `filter` (everything by default; as an admin, contacts decrypted with a
 * stated reason) and reports rows per second and what it did to memory, against a baseline taken
 * after a forced GC:
 * - heapGrowthMb: the most heap the export held: every `sampleEveryBytes` of CSV (and once more at
 *   the end, before the reader is released) a GC is forced and heapUsed read. Flat means this does
 *   not grow with the row count.
 * - heapPeakMb: the highest heapUsed seen by a 50 ms sampler without forcing anything: what is held
 *   plus garbage V8 has not collected yet. V8 lets the old generation grow to a few times the
 *   process's live heap before it marks, so this follows V8's heuristics, not the export.
 * - externalGrowthMb: like heapGrowthMb, for Buffers and other memory outside the heap.
 * The forced GCs' time is not counted in `seconds`.
 */
export async function benchExport({
  db,
  actor,
  keyring,
  filter = parseQueueFilter({}),
  sampleEveryBytes = 4 * MB,
}: {
  db: Db;
  actor: StaffActor;
  keyring: Keyring;
  filter?: QueueFilter;
  sampleEveryBytes?: number;
}) {
  const gc = exposedGc();
  gc();
  gc();
  const before = process.memoryUsage();
  const external = (m: NodeJS.MemoryUsage) => m.external + m.arrayBuffers;
  let heapHeld = 0;
  let externalHeld = 0;
  let heapPeak = 0;
  let samples = 0;
  let gcMs = 0;
  const sampleHeld = () => {
    const started = performance.now();
    gc();
    gcMs += performance.now() - started;
    const now = process.memoryUsage();
    heapHeld = Math.max(heapHeld, now.heapUsed - before.heapUsed);
    externalHeld = Math.max(externalHeld, external(now) - external(before));
    samples += 1;
  };
  const samplePeak = () => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - before.heapUsed);
  };
  const sampler = setInterval(samplePeak, 50);

  const start = performance.now();
  try {
    const { count, rows } = await startExport({
      db,
      actor,
      filter,
      format: "csv",
      contactsReason: "bench: export memory",
      keyring,
    });
    const label = (code: string) => code;
    const reader = csvStream(
      rows,
      exportColumns({ header: label, tier: label, category: label, status: label, priority: label, group: label }),
    ).getReader();
    let bytes = 0;
    let nextSample = sampleEveryBytes;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.byteLength;
      samplePeak();
      if (bytes >= nextSample) {
        sampleHeld();
        nextSample += sampleEveryBytes;
      }
    }
    sampleHeld();
    const seconds = (performance.now() - start - gcMs) / 1000;
    return {
      rows: count,
      seconds: Math.round(seconds * 10) / 10,
      rowsPerSecond: Math.round(count / seconds),
      megabytes: round(bytes),
      heapGrowthMb: round(heapHeld),
      heapPeakMb: round(heapPeak),
      externalGrowthMb: round(externalHeld),
      samples,
    };
  } finally {
    clearInterval(sampler);
  }
}
