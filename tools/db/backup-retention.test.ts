import { describe, expect, it } from "vitest";
import { planRetention } from "./backup-retention";
import type { BaseBackup } from "./backup-store";

const now = new Date("2026-12-10T00:00:00Z");

function backup(finishedAt: string, startWal: string): BaseBackup {
  const id = finishedAt.replace(/[-:]/g, "").replace(/\.\d+/, "");
  return { id, label: id, startedAt: finishedAt, finishedAt, startLsn: "0/0", stopLsn: "0/0", startWal };
}

const wal = [
  "000000010000000000000010",
  "000000010000000000000011",
  "000000010000000000000011.00000028.backup",
  "000000010000000000000020",
  "00000002.history",
  "000000020000000000000021.partial",
  "000000020000000000000030",
];

describe("backup retention", () => {
  it("keeps every backup of the window plus the newest one before it, and the WAL from that one on", () => {
    const backups = [
      backup("2026-12-01T03:00:00.000Z", "000000010000000000000010"),
      backup("2026-12-02T03:00:00.000Z", "000000010000000000000011"),
      backup("2026-12-04T03:00:00.000Z", "000000010000000000000020"),
      backup("2026-12-09T03:00:00.000Z", "000000020000000000000030"),
    ];
    // Window since 12-03 00:00: 12-04 and 12-09 are inside; 12-02 is the newest before it.
    expect(planRetention({ backups, wal, retentionDays: 7, now })).toEqual({
      backups: ["20261201T030000Z"],
      wal: ["000000010000000000000010"],
    });
  });

  it("never deletes the newest backup, however old", () => {
    const backups = [
      backup("2026-10-01T03:00:00.000Z", "000000010000000000000010"),
      backup("2026-10-02T03:00:00.000Z", "000000010000000000000020"),
    ];
    expect(planRetention({ backups, wal, retentionDays: 7, now })).toEqual({
      backups: ["20261001T030000Z"],
      // Positions compare across timelines; the history file is always kept.
      wal: ["000000010000000000000010", "000000010000000000000011", "000000010000000000000011.00000028.backup"],
    });
  });

  it("deletes nothing while there is no backup", () => {
    expect(planRetention({ backups: [], wal, retentionDays: 1, now })).toEqual({ backups: [], wal: [] });
  });
});
