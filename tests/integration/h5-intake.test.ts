import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { fileH5Complaint } from "../../lib/complaints/file-h5-complaint";
import { decryptField } from "../../lib/crypto/field-encryption";
import { localDiskStore } from "../../lib/storage/object-store";
import { readUploadForViewer } from "../../lib/storage/uploads";
import { resetData, rowCounts, testDb } from "../support/db-helpers";
import { testKeyring } from "../support/complaints";
import { JPEG, orderBody, shopApi } from "../support/shop-api";

const dataDir = join(process.env.DATA_DIR!, `h5-${randomUUID()}`);
const store = localDiskStore(dataDir);
const keyring = testKeyring();
const storedFiles = () => {
  try {
    return readdirSync(join(dataDir, "uploads")).length;
  } catch {
    return 0;
  }
};

let customerA: string;
let customerB: string;

beforeEach(async () => {
  await resetData();
  await shopApi.putOrder("SO-A", orderBody({ customer: { externalId: "A", name: "甲", region: "上海" } }));
  await shopApi.putOrder("SO-B", orderBody({ customer: { externalId: "B", name: "乙", region: "北京" } }));
  customerA = (await testDb.customer.findUniqueOrThrow({ where: { externalId: "A" } })).id;
  customerB = (await testDb.customer.findUniqueOrThrow({ where: { externalId: "B" } })).id;
});
afterAll(() => testDb.$disconnect());

const fields = (overrides: Record<string, unknown> = {}) => ({ orderNo: "SO-A", category: "product.quality" as const, description: "芒果烂了", submissionId: randomUUID(), ...overrides });
const jpeg = (size = JPEG.length) => {
  const bytes = new Uint8Array(size);
  bytes.set(JPEG);
  return { bytes, size };
};

describe("H5 intake", () => {
  it("files a complaint with photos owned by the customer and an encrypted contact", async () => {
    const filesBefore = storedFiles();
    const { id } = await fileH5Complaint({ db: testDb, store, customerId: customerA, fields: fields({ contact: "13912345678" }), files: [jpeg(), jpeg()], keyring });
    const complaint = await testDb.complaint.findUniqueOrThrow({ where: { id }, include: { images: { orderBy: { position: "asc" } } } });
    expect(complaint.images.map((i) => i.position)).toEqual([0, 1]);
    expect(complaint.images.every((i) => i.customerId === customerA)).toBe(true);
    expect(complaint.contactEnc).not.toContain("13912345678");
    expect(decryptField(complaint.contactEnc!, keyring)).toBe("13912345678");
    expect(storedFiles() - filesBefore).toBe(2);

    const viewerA = await readUploadForViewer({ db: testDb, store, uploadId: complaint.images[0].id, viewer: { kind: "customer", customerId: customerA } });
    expect(viewerA.contentType).toBe("image/jpeg");
    await expect(readUploadForViewer({ db: testDb, store, uploadId: complaint.images[0].id, viewer: { kind: "customer", customerId: customerB } })).rejects.toMatchObject({ code: "upload_not_found" });
  });

  it("files once when the same form is submitted twice", async () => {
    const same = fields();
    const filesBefore = storedFiles();
    const [first, second] = await Promise.all([
      fileH5Complaint({ db: testDb, store, customerId: customerA, fields: same, files: [jpeg()], keyring }),
      fileH5Complaint({ db: testDb, store, customerId: customerA, fields: same, files: [jpeg()], keyring }),
    ]);
    expect(first.id).toBe(second.id);
    expect(await rowCounts()).toMatchObject({ complaints: 1, uploads: 1 });
    expect(storedFiles() - filesBefore).toBe(1);
  });

  it.each([
    ["4 photos", fields(), [jpeg(), jpeg(), jpeg(), jpeg()], "too_many_images"],
    ["a photo over 5 MB", fields(), [jpeg(5 * 1024 * 1024 + 1)], "file_too_large"],
    ["a file that is not an image", fields(), [{ bytes: new Uint8Array(randomBytes(64)), size: 64 }], "file_type_not_allowed"],
    ["another customer's order", fields({ orderNo: "SO-B" }), [jpeg()], "order_not_owned"],
    ["an unknown order", fields({ orderNo: "SO-NONE" }), [jpeg()], "order_not_found"],
  ])("refuses %s and leaves no row and no file behind", async (_name, input, files, code) => {
    const [before, filesBefore] = [await rowCounts(), storedFiles()];
    await expect(fileH5Complaint({ db: testDb, store, customerId: customerA, fields: input, files, keyring })).rejects.toMatchObject({ code });
    expect(await rowCounts()).toEqual(before);
    expect(storedFiles()).toBe(filesBefore);
  });
});
