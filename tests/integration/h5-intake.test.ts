import { randomBytes, randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { fileH5Complaint } from "../../lib/complaints/file-h5-complaint";
import { decryptField } from "../../lib/crypto/field-encryption";
import { localDiskStore } from "../../lib/storage/object-store";
import { pruneUnattachedUploads, storeCustomerPhoto } from "../../lib/storage/customer-upload";
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

const fields = (overrides: Record<string, unknown> = {}) => ({
  orderNo: "SO-A",
  category: "product.quality" as const,
  description: "芒果烂了",
  imageIds: [] as string[],
  submissionId: randomUUID(),
  ...overrides,
});
const jpeg = (size = JPEG.length) => {
  const bytes = new Uint8Array(size);
  bytes.set(JPEG);
  return bytes;
};

/** The multipart request the H5 form's photo picker sends to /h5/uploads (with its length, as browsers send it). */
async function photoRequest(bytes: Uint8Array, { declaredLength }: { declaredLength?: string | null } = {}) {
  const form = new FormData();
  form.append("file", new Blob([Buffer.from(bytes)]), "photo.jpg");
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const headers: Record<string, string> = { "content-type": encoded.headers.get("content-type")! };
  if (declaredLength !== null) headers["content-length"] = declaredLength ?? String(body.length);
  return new Request("http://kesu.test/h5/uploads", { method: "POST", headers, body });
}
const upload = async (customerId: string, bytes = jpeg()) =>
  (await storeCustomerPhoto({ db: testDb, store, customerId, request: await photoRequest(bytes) })).id;
const file = (customerId: string, input: ReturnType<typeof fields>, address = "203.0.113.10") =>
  fileH5Complaint({ db: testDb, customerId, address, fields: input, keyring });

describe("H5 intake", () => {
  it("files a complaint with photos uploaded beforehand, owned by the customer, and an encrypted contact", async () => {
    const filesBefore = storedFiles();
    const imageIds = [await upload(customerA), await upload(customerA)];
    const { id } = await file(customerA, fields({ contact: "13912345678", imageIds }));
    const complaint = await testDb.complaint.findUniqueOrThrow({
      where: { id },
      include: { images: { orderBy: { position: "asc" } } },
    });
    expect(complaint.images.map((i) => i.id)).toEqual(imageIds);
    expect(complaint.images.every((i) => i.customerId === customerA)).toBe(true);
    expect(complaint.contactEnc).not.toContain("13912345678");
    expect(
      decryptField({ sealed: complaint.contactEnc!, context: { column: "complaints.contact_enc", row: id }, keyring }),
    ).toBe("13912345678");
    expect(storedFiles() - filesBefore).toBe(2);

    const viewerA = await readUploadForViewer({
      db: testDb,
      store,
      uploadId: complaint.images[0].id,
      viewer: { kind: "customer", principal: { customerId: customerA, orderNos: ["SO-A"] } },
    });
    expect(viewerA.contentType).toBe("image/jpeg");
    await expect(
      readUploadForViewer({
        db: testDb,
        store,
        uploadId: complaint.images[0].id,
        viewer: { kind: "customer", principal: { customerId: customerB, orderNos: ["SO-A", "SO-B"] } },
      }),
    ).rejects.toMatchObject({ code: "upload_not_found" });
  });

  it("files once when the same form is submitted twice", async () => {
    const same = fields({ imageIds: [await upload(customerA)] });
    const [first, second] = await Promise.all([file(customerA, same), file(customerA, same)]);
    expect(first.id).toBe(second.id);
    expect(await rowCounts()).toMatchObject({ complaints: 1, uploads: 1 });
  });

  it.each([
    [
      "4 photos",
      () => fields({ imageIds: [randomUUID(), randomUUID(), randomUUID(), randomUUID()] }),
      "too_many_images",
    ],
    ["another customer's photo", async () => fields({ imageIds: [await upload(customerB)] }), "upload_not_found"],
    ["an unknown photo", () => fields({ imageIds: [randomUUID()] }), "upload_not_found"],
    ["another customer's order", () => fields({ orderNo: "SO-B" }), "order_not_owned"],
    ["an unknown order", () => fields({ orderNo: "SO-NONE" }), "order_not_found"],
  ])("refuses %s and writes nothing", async (_name, input, code) => {
    const prepared = await input();
    const before = await rowCounts();
    await expect(file(customerA, prepared)).rejects.toMatchObject({ code });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("H5 photo uploads", () => {
  it.each([
    ["a photo over 5 MB", () => photoRequest(jpeg(5 * 1024 * 1024 + 64 * 1024)), "file_too_large"],
    [
      "a body larger than a 20 MB video (by its declared length, before the body is read)",
      () => photoRequest(jpeg(), { declaredLength: String(21 * 1024 * 1024) }),
      "file_too_large",
    ],
    ["a body without a length", () => photoRequest(jpeg(), { declaredLength: null }), "content_length_required"],
    ["a file that is not an image", () => photoRequest(new Uint8Array(randomBytes(64))), "file_type_not_allowed"],
  ])("refuses %s and stores nothing", async (_name, request, code) => {
    const [before, filesBefore] = [await rowCounts(), storedFiles()];
    await expect(
      storeCustomerPhoto({ db: testDb, store, customerId: customerA, request: await request() }),
    ).rejects.toMatchObject({ code });
    expect(await rowCounts()).toEqual(before);
    expect(storedFiles()).toBe(filesBefore);
  });

  it("limits uploads per customer (30 an hour by default), with a retry time", async () => {
    for (let i = 0; i < 30; i += 1) await upload(customerA);
    const refused = await storeCustomerPhoto({
      db: testDb,
      store,
      customerId: customerA,
      request: await photoRequest(jpeg()),
    }).then(
      () => null,
      (error: { code: string; retryAfterSeconds: number }) => error,
    );
    expect(refused).toMatchObject({ code: "rate_limited" });
    expect(refused!.retryAfterSeconds).toBeGreaterThan(0);
    await upload(customerB);
  });

  it("deletes photos nobody attached within a day, and only those", async () => {
    const attached = await upload(customerA);
    await file(customerA, fields({ imageIds: [attached] }));
    const abandoned = await upload(customerA);
    const fresh = await upload(customerA);
    await testDb.upload.updateMany({
      where: { id: { in: [attached, abandoned] } },
      data: { createdAt: new Date(Date.now() - 2 * 86_400_000) },
    });
    const filesBefore = storedFiles();
    expect(await pruneUnattachedUploads({ db: testDb, store })).toEqual({ deleted: 1 });
    expect((await testDb.upload.findMany({ select: { id: true } })).map((u) => u.id).sort()).toEqual(
      [attached, fresh].sort(),
    );
    expect(storedFiles()).toBe(filesBefore - 1);
  });
});

describe("H5 intake limits", () => {
  it("refuses a customer's 7th complaint within 12 hours (a repeat of a filed form is not counted)", async () => {
    for (let i = 0; i < 6; i += 1) {
      const input = fields({ description: `第${i}次` });
      await file(customerA, input);
      await file(customerA, input);
    }
    const before = await rowCounts();
    await expect(file(customerA, fields({ description: "第7次" }))).rejects.toMatchObject({
      code: "rate_limited",
      params: { minutes: expect.any(Number) },
    });
    expect(await rowCounts()).toMatchObject({ complaints: before.complaints });
    // Another customer is not affected.
    await file(customerB, fields({ orderNo: "SO-B" }));
  });

  it("answers a repeated submission with its first complaint, even edited since, counting it once", async () => {
    const first = fields();
    const { id } = await file(customerA, first);
    expect(await file(customerA, first)).toEqual({ id });
    expect(await file(customerA, { ...first, description: "芒果烂了三个" })).toEqual({ id });
    expect(await testDb.complaint.count()).toBe(1);
    const hits = await testDb.rateLimitHit.aggregate({
      where: { bucket: { startsWith: "h5_complaint_customer:" } },
      _sum: { hits: true },
    });
    expect(hits._sum.hits).toBe(1);
  });

  it("answers a customer over the limit with the complaint they already filed", async () => {
    const filed = fields({ description: "第0次" });
    const { id } = await file(customerA, filed);
    for (let i = 1; i < 6; i += 1) await file(customerA, fields({ description: `第${i}次` }));
    await expect(file(customerA, fields({ description: "第6次" }))).rejects.toMatchObject({ code: "rate_limited" });
    // The tapped-again first form: its complaint, not a refusal.
    expect(await file(customerA, filed)).toEqual({ id });
  });

  it("refuses the 31st complaint within an hour from one address, whoever files it", async () => {
    for (let i = 0; i < 30; i += 1) {
      const customer = `C${i}`;
      await shopApi.putOrder(
        `SO-C${i}`,
        orderBody({ customer: { externalId: customer, name: `丙${i}`, region: "上海" } }),
      );
      const id = (await testDb.customer.findUniqueOrThrow({ where: { externalId: customer } })).id;
      await file(id, fields({ orderNo: `SO-C${i}` }), "198.51.100.20");
    }
    await expect(file(customerA, fields(), "198.51.100.20")).rejects.toMatchObject({ code: "rate_limited" });
    await file(customerA, fields(), "198.51.100.21");
  });
});
