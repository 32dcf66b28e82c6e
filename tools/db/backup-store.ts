import { copyFile, mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";

/** What `backup.json` beside each base backup records; restore picks a backup by `finishedAt`. */
export type BaseBackup = {
  /** The UTC moment the backup began, as a sortable name: 20261201T030000Z. */
  id: string;
  label: string;
  startedAt: string;
  /** pg_backup_stop's moment: the backup is consistent from here, so restore reaches any later moment. */
  finishedAt: string;
  startLsn: string;
  stopLsn: string;
  /** The first WAL segment a restore from this backup replays; everything older is not needed. */
  startWal: string;
};

export const MANIFEST = "backup.json";

/** Archived WAL: segments, a promotion's partial segment, backup history files, timeline histories. */
const WAL_NAME = /^(?:[0-9A-F]{24}(?:\.partial|\.[0-9A-F]{8}\.backup)?|[0-9A-F]{8}\.history)$/;

export function isWalName(name: string): boolean {
  return WAL_NAME.test(name);
}

/**
 * The position of a segment-like WAL file (log and segment number, without the timeline), so
 * files on different timelines compare by where they are in the WAL; null for timeline histories,
 * which are tiny and always kept.
 */
export function walPosition(name: string): string | null {
  return /^[0-9A-F]{24}/.test(name) ? name.slice(8, 24) : null;
}

/**
 * Where base backups and archived WAL are kept: `base/<id>/` (the copied data directory with
 * backup_label and backup.json) and `wal/<segment>`. The local DATA_DIR/backups and the optional
 * copy (BACKUP_COPY_DIR) are both directories with this layout. Object storage through its own
 * API (S3 and the like) would be another implementation of this type; none is wired (see the
 * README), so a bucket is reached by mounting it as a directory.
 */
export type BackupStore = {
  where: string;
  listBackups(): Promise<BaseBackup[]>;
  listWal(): Promise<string[]>;
  /** A finished backup from a local directory; it appears in listBackups only once complete. */
  putBackup(backup: BaseBackup, localDir: string): Promise<void>;
  putWal(name: string, localPath: string): Promise<void>;
  removeBackup(id: string): Promise<void>;
  removeWal(name: string): Promise<void>;
};

async function names(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

async function readManifest(dir: string): Promise<BaseBackup | null> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST), "utf8")) as BaseBackup;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** Copies a directory tree of plain files (a finished base backup: nothing changes under it). */
export async function copyTree(from: string, to: string, skip: (name: string) => boolean = () => false) {
  await mkdir(to, { recursive: true, mode: 0o700 });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    if (skip(entry.name)) continue;
    if (entry.isDirectory()) await copyTree(join(from, entry.name), join(to, entry.name));
    else await copyFile(join(from, entry.name), join(to, entry.name));
  }
}

export function directoryStore(root: string): BackupStore {
  const base = join(root, "base");
  const wal = join(root, "wal");
  const safe = (name: string) => {
    if (!/^[\w.-]+$/.test(name)) throw new Error(`bad backup file name ${name}`);
    return name;
  };
  return {
    where: root,
    async listBackups() {
      const found: BaseBackup[] = [];
      // A directory still being written is `<id>.partial`, and its manifest is written last.
      for (const name of await names(base)) {
        if (name.endsWith(".partial")) continue;
        const manifest = await readManifest(join(base, name));
        if (manifest?.id === name) found.push(manifest);
      }
      return found.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
    },
    async listWal() {
      return (await names(wal)).filter(isWalName).sort();
    },
    async putBackup(backup, localDir) {
      const partial = join(base, `${safe(backup.id)}.partial`);
      await rm(partial, { recursive: true, force: true });
      await copyTree(localDir, partial, (name) => name === MANIFEST);
      await copyFile(join(localDir, MANIFEST), join(partial, MANIFEST));
      await rename(partial, join(base, backup.id));
    },
    async putWal(name, localPath) {
      await mkdir(wal, { recursive: true, mode: 0o700 });
      const tmp = join(wal, `${safe(name)}.tmp`);
      await copyFile(localPath, tmp);
      await rename(tmp, join(wal, name));
    },
    async removeBackup(id) {
      await rm(join(base, safe(id)), { recursive: true, force: true });
    },
    async removeWal(name) {
      await rm(join(wal, safe(name)), { force: true });
    },
  };
}

/** Leftovers of a backup run that died midway (`<id>.partial` untouched for a day). */
export async function removeStalePartials(root: string, now: Date): Promise<string[]> {
  const base = join(root, "base");
  const removed: string[] = [];
  for (const name of await names(base)) {
    if (!name.endsWith(".partial")) continue;
    const { mtimeMs } = await stat(join(base, name));
    if (now.getTime() - mtimeMs < 86_400_000) continue;
    await rm(join(base, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
