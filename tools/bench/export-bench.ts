import { performance } from "node:perf_hooks";
import type { StaffActor } from "../../lib/auth/staff-actor";
import { startExport } from "../../lib/complaints/export/export-complaints";
import { csvStream, exportColumns } from "../../lib/complaints/export/export-formats";
import { parseQueueFilter } from "../../lib/complaints/queue/queue-filter";
import type { Keyring } from "../../lib/crypto/field-encryption";
import type { Db } from "../../lib/db-client";

/** Streams a CSV export of everything (as an admin, contacts decrypted) and reports rows per second and peak heap growth. */
export async function benchExport({ db, actor, keyring }: { db: Db; actor: StaffActor; keyring: Keyring }) {
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = heapBefore;
  const start = performance.now();
  const { count, rows } = await startExport({ db, actor, filter: parseQueueFilter({}), format: "csv", keyring });
  const label = (code: string) => code;
  const reader = csvStream(
    rows,
    exportColumns({ header: label, tier: label, category: label, status: label, priority: label, group: label }),
  ).getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    rows: count,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(count / seconds),
    megabytes: Math.round(bytes / 1e5) / 10,
    heapGrowthMb: Math.round((heapPeak - heapBefore) / 1e5) / 10,
  };
}
