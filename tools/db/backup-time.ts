const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const FORMAT = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/**
 * The moment `npm run restore -- --to` names: "YYYY-MM-DD HH:MM[:SS[.ffffff]]" read as
 * Asia/Shanghai time — the zone every time in Kesu is shown in, whatever the server's or the
 * shell's zone — unless it ends with an explicit offset ("Z", "+08:00", "-0500"). Null when it is
 * not such a time or not a real calendar moment (2026-02-30, 24:10).
 */
export function parseRestoreTime(text: string): Date | null {
  const match = FORMAT.exec(text.trim());
  if (!match) return null;
  const [, year, month, day, hour, minute, second = "00", fraction = "", zone] = match;
  const offset = !zone ? "+08:00" : zone.toUpperCase() === "Z" ? "Z" : zone.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  const at = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}${fraction.slice(0, 4)}${offset}`);
  if (Number.isNaN(at.getTime())) return null;
  // Date rolls 2026-02-30 over into March; a real calendar moment reads back the same in its zone.
  const zoneMs =
    offset === "Z"
      ? 0
      : (offset.startsWith("-") ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4))) * 60_000;
  const back = new Date(at.getTime() + zoneMs).toISOString();
  if (back.slice(0, 19) !== `${year}-${month}-${day}T${hour}:${minute}:${second}`) return null;
  return at;
}

/** "2026-12-01 10:15:00" in Asia/Shanghai, how backups and restores print moments. */
export function shanghaiTime(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ");
}
