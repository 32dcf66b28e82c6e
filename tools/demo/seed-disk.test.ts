import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { diskAt, seedDiskNeed, seedDiskRefusal } from "./seed-disk";

const disk = (where: string, free: number, device = 1) => ({ where, free, device });

describe("a bulk seed's disk", () => {
  it("counts the WAL archive only where the server archives", () => {
    expect(seedDiskNeed({ complaints: 1_000_000, archiving: true })).toBe(25e9);
    expect(seedDiskNeed({ complaints: 1_000_000, archiving: false })).toBe(5e9);
  });

  it("refuses a seed the archive would not hold, saying how much, where and why", () => {
    // 5 M into an archiving server with 79 GB free on one disk: 100 GB of archive, 25 GB of data, 4 GiB of pg_wal.
    const refusal = seedDiskRefusal({
      complaints: 5_000_000,
      data: disk("/srv/kesu/pg", 79e9),
      archive: disk("/srv/kesu/backups/wal", 79e9),
    });
    expect(refusal).toContain("5,000,000 complaints");
    expect(refusal).toContain("about 129.3 GB in /srv/kesu/backups/wal, and 79.0 GB are free");
    expect(refusal).toContain("about 20 KB per seeded complaint");
    expect(refusal).toContain("archives its WAL there");
  });

  it("lets through a seed that fits: without archiving, smaller, or with the archive on a disk of its own", () => {
    expect(seedDiskRefusal({ complaints: 3_000_000, data: disk("/d", 79e9), archive: null })).toBeNull();
    expect(seedDiskRefusal({ complaints: 2_000_000, data: disk("/d", 79e9), archive: disk("/a", 79e9) })).toBeNull();
    // 5 M: 100 GB of archive on a 200 GB disk, 25 GB of data and 4 GiB of pg_wal on a 79 GB one.
    expect(
      seedDiskRefusal({ complaints: 5_000_000, data: disk("/d", 79e9), archive: disk("/a", 200e9, 2) }),
    ).toBeNull();
  });

  it("counts pg_wal beside the database, no more than the seed writes", () => {
    // 1 000 complaints write about 20 MB of WAL: 25 MB in all on a disk with 26 MB free.
    expect(seedDiskRefusal({ complaints: 1_000, data: disk("/d", 26e6), archive: null })).toBeNull();
    expect(seedDiskRefusal({ complaints: 1_000, data: disk("/d", 24e6), archive: null })).toContain(
      "about 25.0 MB in /d, and 24.0 MB are free",
    );
  });

  it("judges each disk for its own part", () => {
    // The archive fits on its own disk; the database's 15 GB and pg_wal's 4 GiB do not fit in 10.
    const refusal = seedDiskRefusal({
      complaints: 3_000_000,
      data: disk("/d", 10e9),
      archive: disk("/a", 200e9, 2),
    });
    expect(refusal).toBe(
      "Not enough disk for 3,000,000 complaints: the seed needs about 19.3 GB in /d, and 10.0 GB are free. Seed fewer or free some space.",
    );
  });

  it("reads a real directory's free space and device", () => {
    const here = diskAt(tmpdir());
    expect(here.free).toBeGreaterThan(0);
    expect(Number.isSafeInteger(here.free)).toBe(true);
    expect(Number.isInteger(here.device)).toBe(true);
  });
});
