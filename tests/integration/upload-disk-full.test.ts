import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { resetData, testDb } from "../support/db-helpers";
import { JPEG, shopApi } from "../support/shop-api";

// A real full disk: a 64 kB tmpfs mounted over the uploads directory (lib/storage/object-store.ts
// writes DATA_DIR/uploads). Mounting needs root (CAP_SYS_ADMIN), which this machine and its CI
// have; elsewhere the test is skipped and says why.
const uploads = join(process.env.DATA_DIR!, "uploads");
mkdirSync(uploads, { recursive: true });
let mounted = false;
try {
  execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", uploads], { stdio: "ignore" });
  mounted = true;
} catch {
  console.warn("[disk-full] cannot mount a tmpfs here (needs root): the disk-full test is skipped");
}

beforeEach(resetData);
afterAll(async () => {
  if (mounted) execFileSync("umount", [uploads]);
  await testDb.$disconnect();
});

const photo = (bytes: number) => {
  const file = new Uint8Array(bytes);
  file.set(JPEG);
  return new Blob([file], { type: "image/jpeg" });
};

describe.skipIf(!mounted)("uploads when the disk is full", () => {
  it("answers a clear, translated 507 and leaves no row, audit entry or partial file behind", async () => {
    const fits = await shopApi.postUpload(photo(20_000));
    expect(fits.status).toBe(201);
    const before = { files: readdirSync(uploads), rows: await testDb.upload.count() };
    expect(before).toMatchObject({ rows: 1 });

    const tooBig = await shopApi.postUpload(photo(100_000));
    expect(tooBig.status).toBe(507);
    expect(tooBig.headers.get("content-type")).toBe("application/problem+json");
    expect(await tooBig.json()).toMatchObject({
      code: "storage_full",
      title: "照片存储空间已满，暂时无法上传，请稍后再试或联系客服。",
    });
    expect(readdirSync(uploads)).toEqual(before.files);
    expect(await testDb.upload.count()).toBe(1);
    expect(await testDb.auditLog.count({ where: { action: "upload.stored" } })).toBe(1);
  });
});
