import { statfsSync, statSync } from "node:fs";
import { MAX_WAL_BYTES } from "../db/embedded-postgres";

/**
 * What a bulk seed costs on disk where PostgreSQL archives its WAL (`npm start`'s embedded server,
 * for backups): every byte the seed writes stays in the archive until a backup's retention drops it.
 * Measured (pg_stat_wal) on 2026-12-03 on the embedded server with its 15-minute checkpoints:
 * 1 M complaints into an empty database wrote 6.3 GB of WAL (about 6 KB each), 2 M more on top of
 * them 22.9 GB (11.4 KB each on average, more towards the end): the seed's rows arrive in random
 * time order, so each lands on a random page of every index, and the bigger the indexes the more of
 * those pages get a full-page image after each checkpoint. 20 KB should cover a seed into a
 * database of up to about 4 M (extrapolated from those two); beyond, it grows further. (With checkpoints every half gigabyte of WAL it was
 * about 37 KB: 73 GB by 2 M complaints filled this machine's disk, and PostgreSQL stopped with a
 * PANIC.) The database itself grew 7.7 GB for 3 M.
 */
const ARCHIVED_BYTES_PER_COMPLAINT = 20_000;
const STORED_BYTES_PER_COMPLAINT = 5_000;

/** A directory the seed writes under, its filesystem's free bytes and device (two directories may share one disk). */
export type Disk = { where: string; free: number; device: number };

export function diskAt(path: string): Disk {
  const stats = statfsSync(path);
  return { where: path, free: stats.bavail * stats.bsize, device: statSync(path).dev };
}

/** "12.3 GB", or "45.0 MB" under a gigabyte (a small seed's need is not "0.0 GB"). */
export const diskSize = (bytes: number) =>
  bytes < 1e9 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * Why a seed would not fit, or null: the database's growth and pg_wal's on the cluster's disk, the
 * archived WAL on the archive's (one sum when they share a disk). Refused before a row is written:
 * a full disk stops PostgreSQL (and the app with it) halfway through the seed.
 */
export function seedDiskRefusal({
  complaints,
  data,
  archive,
}: {
  complaints: number;
  data: Disk;
  /** Where the server archives its WAL; null when it does not. */
  archive: Disk | null;
}): string | null {
  const needs = new Map<number, Disk & { bytes: number; archived: boolean }>();
  const add = (disk: Disk, bytes: number, archived: boolean) => {
    const had = needs.get(disk.device);
    needs.set(disk.device, {
      ...disk,
      bytes: (had?.bytes ?? 0) + bytes,
      archived: archived || (had?.archived ?? false),
    });
  };
  // pg_wal holds the WAL between checkpoints: up to the embedded server's max_wal_size (a soft
  // limit, the usual case), and no more than the seed writes.
  const pgWal = Math.min(complaints * ARCHIVED_BYTES_PER_COMPLAINT, MAX_WAL_BYTES);
  add(data, complaints * STORED_BYTES_PER_COMPLAINT + pgWal, false);
  if (archive) add(archive, complaints * ARCHIVED_BYTES_PER_COMPLAINT, true);
  const short = [...needs.values()].find((need) => need.bytes > need.free);
  if (!short) return null;
  const head = `Not enough disk for ${complaints.toLocaleString("en")} complaints: the seed needs about ${diskSize(short.bytes)} in ${short.where}, and ${diskSize(short.free)} are free.`;
  return short.archived
    ? `${head} PostgreSQL archives its WAL there for backups, about ${ARCHIVED_BYTES_PER_COMPLAINT / 1000} KB per seeded complaint. ` +
        `Seed fewer, free some space, or seed a database started without WAL archiving (DATABASE_URL; README, "Bulk data").`
    : `${head} Seed fewer or free some space.`;
}

/**
 * The same estimate, without pg_wal (its size is the server's own setting), for a database whose
 * disk is not ours to measure (the operator's DATABASE_URL).
 */
export function seedDiskNeed({ complaints, archiving }: { complaints: number; archiving: boolean }): number {
  return complaints * ((archiving ? ARCHIVED_BYTES_PER_COMPLAINT : 0) + STORED_BYTES_PER_COMPLAINT);
}
