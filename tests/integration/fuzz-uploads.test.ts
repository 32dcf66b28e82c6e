/**
 * Fuzzing photo uploads (issue 12.12): random bytes, truncated and one-byte-off magic numbers,
 * polyglots, empty files and the size limit ± 1, through the type check, the store, the H5 upload
 * and the shop's upload route; and short videos (issue 15.1) cut short or changed anywhere. Properties: a typed error or a file stored under the type its
 * bytes are; nothing left on disk or in the database after a refusal.
 * Seeds are fixed; see tests/support/fuzz.ts for replaying a failure.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postUpload } from "../../app/api/v1/uploads/route";
import { detectImageType, MAX_IMAGE_BYTES, MAX_IMAGES } from "../../lib/storage/image-rules";
import { storeCustomerPhoto } from "../../lib/storage/customer-upload";
import { localDiskStore, type ObjectStore } from "../../lib/storage/object-store";
import { checkImages, storeImages } from "../../lib/storage/uploads";
import { detectVideoType, exceedsVideoLength, videoSeconds } from "../../lib/storage/video-rules";
import { resetData, testDb } from "../support/db-helpers";
import {
  allRowCounts,
  expectAppError,
  expectNoServerError,
  FUZZ_TIMEOUT,
  fuzzParams,
  hostileString,
  storedFileNames,
} from "../support/fuzz";
import { apiKey, orderBody, shopApi } from "../support/shop-api";
import { mp4, webm } from "../support/video-fixtures";

const dataDir = join(process.env.DATA_DIR!, `fuzz-uploads-${randomUUID()}`);
const store = localDiskStore(dataDir);
let customerId: string;

beforeAll(async () => {
  await resetData();
  await shopApi.putOrder("SO-UP-1", orderBody({ customer: { externalId: "FZ-UP", name: "丙", region: "上海" } }));
  customerId = (await testDb.customer.findUniqueOrThrow({ where: { externalId: "FZ-UP" } })).id;
});
afterAll(() => testDb.$disconnect());

// ---------------------------------------------------------------- bytes

const MAGIC = {
  "image/jpeg": [0xff, 0xd8, 0xff],
  "image/png": [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  "image/webp": [...Buffer.from("RIFF"), 0x24, 0x00, 0x00, 0x00, ...Buffer.from("WEBP")],
} as const;
const magics = Object.values(MAGIC).map((m) => [...m]);

/** The test's own reading of the magic numbers (written apart from lib/storage/image-rules.ts). */
function magicType(bytes: Uint8Array): string | null {
  const starts = (prefix: readonly number[]) => bytes.length >= prefix.length && prefix.every((b, i) => bytes[i] === b);
  if (starts(MAGIC["image/jpeg"])) return "image/jpeg";
  if (starts(MAGIC["image/png"])) return "image/png";
  if (
    bytes.length >= 12 &&
    Buffer.from(bytes.subarray(0, 4)).toString("latin1") === "RIFF" &&
    Buffer.from(bytes.subarray(8, 12)).toString("latin1") === "WEBP"
  )
    return "image/webp";
  return null;
}

const u8 = (...parts: (readonly number[] | Uint8Array | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p)] : [...p])));

const fileBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  // Truncated magic numbers: every prefix of each.
  fc.constantFrom(...magics.flatMap((m) => m.map((_, n) => u8(m.slice(0, n))))),
  // A real magic number, then anything.
  fc.tuple(fc.constantFrom(...magics), fc.uint8Array({ maxLength: 64 })).map(([m, tail]) => u8(m, tail)),
  // Polyglots: an image header followed by markup or script (stored as the image it claims to be).
  fc
    .tuple(
      fc.constantFrom(...magics),
      fc.constantFrom(
        "<html><script>alert(1)</script>",
        "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        "%PDF-1.7",
        "PK\u0003\u0004",
        "#!/bin/sh\nrm -rf /",
      ),
    )
    .map(([m, tail]) => u8(m, tail)),
  // Markup that only mentions a magic number later on.
  fc.constantFrom(...magics).map((m) => u8("<svg>", m)),
  // One byte of a magic number off.
  fc
    .tuple(fc.constantFrom(...magics), fc.nat(), fc.integer({ min: 1, max: 255 }), fc.uint8Array({ maxLength: 16 }))
    .map(([m, at, flip, tail]) => {
      const bytes = u8(m, tail);
      bytes[at % m.length] ^= flip;
      return bytes;
    }),
  fc.constantFrom(
    u8("RIFF\u0000\u0000\u0000\u0000WEBX"),
    u8("RIFFWEBP"),
    u8("WEBPRIFF\u0000\u0000\u0000\u0000"),
    u8("GIF89a"),
    u8("<svg/>"),
    u8(""),
  ),
);

describe("image type detection", () => {
  it(
    "detectImageType reads exactly the magic numbers, and checkImages refuses with a typed error",
    () => {
      fc.assert(
        fc.property(fc.array(fileBytes, { maxLength: MAX_IMAGES + 2 }), (files) => {
          for (const bytes of files) expect(detectImageType(bytes)).toBe(magicType(bytes));
          const incoming = files.map((bytes) => ({ bytes, size: bytes.length }));
          const firstBad = files.findIndex((bytes) => magicType(bytes) === null);
          try {
            const checked = checkImages(incoming);
            expect(files.length).toBeLessThanOrEqual(MAX_IMAGES);
            expect(firstBad).toBe(-1);
            expect(checked.map((c) => c.contentType)).toEqual(files.map(magicType));
          } catch (error) {
            const code = expectAppError(error).code;
            expect(code).toBe(files.length > MAX_IMAGES ? "too_many_images" : "file_type_not_allowed");
          }
        }),
        fuzzParams(1_000),
      );
    },
    FUZZ_TIMEOUT,
  );
});

// ---------------------------------------------------------------- the store

/** Every stored upload row's type is what its file's bytes are, and the bytes are the ones sent. */
async function expectStoredAsSent(ids: string[], sent: Uint8Array[], dir: string) {
  const rows = await testDb.upload.findMany({
    where: { id: { in: ids } },
    select: { id: true, key: true, contentType: true, size: true },
  });
  expect(rows).toHaveLength(ids.length);
  for (const [i, id] of ids.entries()) {
    const row = rows.find((r) => r.id === id)!;
    const onDisk = new Uint8Array(readFileSync(join(dir, "uploads", row.key)));
    expect(Buffer.from(onDisk).equals(Buffer.from(sent[i]!))).toBe(true);
    expect(row.contentType).toBe(magicType(onDisk));
    expect(row.size).toBe(onDisk.length);
  }
}

describe("storing photos", () => {
  it(
    "storeImages: all stored under their detected type, or a typed refusal that leaves no row and no file",
    async () => {
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fileBytes, { minLength: 1, maxLength: MAX_IMAGES + 1 }),
          fc.boolean(),
          async (files, asCustomer) => {
            const [rows, disk] = [await allRowCounts(), storedFileNames(dataDir).length];
            try {
              const ids = await storeImages({
                db: testDb,
                store,
                customerId: asCustomer ? customerId : null,
                files: files.map((bytes) => ({ bytes, size: bytes.length })),
              });
              expect(ids).toHaveLength(files.length);
              await expectStoredAsSent(ids, files, dataDir);
              expect(storedFileNames(dataDir).length).toBe(disk + files.length);
              stored += 1;
            } catch (error) {
              expectAppError(error);
              expect(await allRowCounts()).toEqual(rows);
              expect(storedFileNames(dataDir).length).toBe(disk);
            }
          },
        ),
        fuzzParams(100),
      );
      // Not only junk: real photos went through too.
      expect(stored).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it("the size limit: exactly 5 MB is stored, one byte more is refused (lib, H5 upload and shop route)", async () => {
    const jpeg = (size: number) => {
      const bytes = new Uint8Array(size);
      bytes.set(MAGIC["image/jpeg"]);
      return bytes;
    };
    for (const size of [MAX_IMAGE_BYTES - 1, MAX_IMAGE_BYTES]) {
      const [id] = await storeImages({ db: testDb, store, customerId: null, files: [{ bytes: jpeg(size), size }] });
      await expectStoredAsSent([id!], [jpeg(size)], dataDir);
    }
    const before = [await allRowCounts(), storedFileNames(dataDir).length];
    await expect(
      storeImages({
        db: testDb,
        store,
        customerId: null,
        files: [{ bytes: jpeg(MAX_IMAGE_BYTES + 1), size: MAX_IMAGE_BYTES + 1 }],
      }),
    ).rejects.toMatchObject({ code: "file_too_large" });
    expect([await allRowCounts(), storedFileNames(dataDir).length]).toEqual(before);

    await testDb.rateLimitHit.deleteMany();
    expect(
      await storeCustomerPhoto({ db: testDb, store, customerId, request: await photoRequest(jpeg(MAX_IMAGE_BYTES)) }),
    ).toHaveProperty("id");
    await expect(
      storeCustomerPhoto({ db: testDb, store, customerId, request: await photoRequest(jpeg(MAX_IMAGE_BYTES + 1)) }),
    ).rejects.toMatchObject({ code: "file_too_large" });

    expect((await shopApi.postUpload(new Blob([Buffer.from(jpeg(MAX_IMAGE_BYTES))]))).status).toBe(201);
    const refused = await shopApi.postUpload(new Blob([Buffer.from(jpeg(MAX_IMAGE_BYTES + 1))]));
    expect((await expectNoServerError(refused))?.code).toBe("file_too_large");
    expect(await storeImages({ db: testDb, store, customerId: null, files: [] })).toEqual([]);
  });

  it("a store that fails on the second photo leaves neither the first photo's row nor its file", async () => {
    let puts = 0;
    const failing: ObjectStore = {
      ...store,
      put: async (input) => (++puts === 2 ? Promise.reject(new Error("disk full")) : store.put(input)),
    };
    const [rows, disk] = [await allRowCounts(), storedFileNames(dataDir).length];
    await expect(
      storeImages({
        db: testDb,
        store: failing,
        customerId,
        files: [u8(MAGIC["image/png"]), u8(MAGIC["image/jpeg"])].map((bytes) => ({ bytes, size: bytes.length })),
      }),
    ).rejects.toThrow("disk full");
    // Only the first photo's audit entry stays (the audit log is append-only): it records what happened.
    expect(await allRowCounts()).toEqual({ ...rows, audit_log: rows.audit_log + 1 });
    expect(storedFileNames(dataDir).length).toBe(disk);
  });
});

// ---------------------------------------------------------------- videos

/** Valid short clips, cut short or with bytes changed anywhere (header, sizes, durations), under any claimed type. */
const videoBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(
    fc.constantFrom(
      mp4({ seconds: 5 }),
      mp4({ seconds: 29, version: 1, moovLast: true }),
      mp4({ seconds: 8, fragmented: true }),
      mp4({ seconds: 45 }),
      webm({ seconds: 5 }),
      webm({ seconds: 12, unknownSegmentSize: true, durationBytes: 4 }),
      webm({ seconds: 31 }),
    ),
    fc.oneof(fc.constant(null), fc.nat()),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
  )
  .map(([clip, cut, changes]) => {
    const bytes = new Uint8Array(cut === null ? clip : clip.subarray(0, cut % clip.length));
    for (const [at, value] of changes) if (bytes.length) bytes[at % bytes.length] = value;
    return bytes;
  });

describe("storing videos", () => {
  it(
    "storeImages: a video is stored as the container its bytes are, 30 s at most, or refused with a typed error leaving nothing",
    async () => {
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(
          videoBytes,
          fc.constantFrom(undefined, "", "video/mp4", "video/webm", "image/jpeg", "application/octet-stream"),
          async (bytes, claimedType) => {
            const [rows, disk] = [await allRowCounts(), storedFileNames(dataDir).length];
            try {
              const [id] = await storeImages({
                db: testDb,
                store,
                customerId,
                files: [{ bytes, size: bytes.length, claimedType }],
              });
              const row = await testDb.upload.findUniqueOrThrow({ where: { id: id! } });
              // A changed byte could make a JPEG's magic number: then it is the photo its bytes are.
              const type = magicType(bytes) ?? detectVideoType(bytes);
              expect(row.contentType).toBe(type);
              if (type?.startsWith("video/")) {
                expect(claimedType).not.toBe("image/jpeg");
                expect(exceedsVideoLength(videoSeconds(bytes, detectVideoType(bytes)!)!)).toBe(false);
              }
              expect(Buffer.from(readFileSync(join(dataDir, "uploads", row.key))).equals(Buffer.from(bytes))).toBe(
                true,
              );
              stored += 1;
            } catch (error) {
              expect(["file_type_not_allowed", "video_unreadable", "video_too_long", "file_too_large"]).toContain(
                expectAppError(error).code,
              );
              expect(await allRowCounts()).toEqual(rows);
              expect(storedFileNames(dataDir).length).toBe(disk);
            }
          },
        ),
        fuzzParams(150),
      );
      expect(stored).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it("checkImages: one video among the files at most, three files in all", () => {
    const jpeg = { bytes: u8(MAGIC["image/jpeg"]), size: 3 };
    const clip = (bytes: Uint8Array) => ({ bytes, size: bytes.length });
    expect(checkImages([jpeg, clip(webm()), jpeg]).map((f) => f.contentType)).toEqual([
      "image/jpeg",
      "video/webm",
      "image/jpeg",
    ]);
    expect(() => checkImages([clip(mp4()), clip(webm())])).toThrow(
      expect.objectContaining({ code: "too_many_videos" }),
    );
    expect(() => checkImages([jpeg, jpeg, jpeg, clip(mp4())])).toThrow(
      expect.objectContaining({ code: "too_many_images" }),
    );
  });
});

// ---------------------------------------------------------------- H5 upload and the shop route

/** The multipart request the H5 photo picker sends, with a content-length (which the server checks before reading). */
async function photoRequest(
  bytes: Uint8Array,
  {
    contentLength,
    contentType,
    field = "file",
    filename = "photo.jpg",
  }: { contentLength?: string | null; contentType?: string; field?: string; filename?: string } = {},
) {
  const form = new FormData();
  form.append(field, new Blob([Buffer.from(bytes)]), filename);
  const encoded = new Response(form);
  const body = new Uint8Array(await encoded.arrayBuffer());
  const headers: Record<string, string> = { "content-type": contentType ?? encoded.headers.get("content-type")! };
  if (contentLength !== null) headers["content-length"] = contentLength ?? String(body.length);
  return new Request("http://kesu.test/h5/uploads", { method: "POST", headers, body });
}

const headerish = fc.oneof(
  hostileString.map((s) => s.replace(/[^\u0020-\u007e\u00a0-\u00ff]/g, "")),
  fc.constantFrom(
    "",
    "-1",
    "0",
    "1e309",
    "0x10",
    "NaN",
    "99999999999999999999",
    " 12 ",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "image/jpeg",
  ),
);

describe("the H5 photo upload and the shop's upload route", () => {
  it(
    "storeCustomerPhoto with any bytes, declared length, content type, field and file name",
    async () => {
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(
          fileBytes,
          // Mostly what a browser sends, so each hostile part gets its turn with the others right.
          fc.record({
            contentLength: fc.oneof(
              { weight: 3, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: headerish },
            ),
            contentType: fc.oneof(
              { weight: 3, arbitrary: fc.constant(undefined) },
              { weight: 1, arbitrary: headerish },
            ),
            field: fc.oneof(
              { weight: 3, arbitrary: fc.constant("file") },
              { weight: 1, arbitrary: fc.constantFrom("files", "File", "", "file\u0000") },
            ),
            filename: fc.oneof(fc.constant("photo.jpg"), hostileString),
          }),
          async (bytes, options) => {
            await testDb.rateLimitHit.deleteMany();
            const [rows, disk] = [await allRowCounts(), storedFileNames(dataDir).length];
            try {
              const { id } = await storeCustomerPhoto({
                db: testDb,
                store,
                customerId,
                request: await photoRequest(bytes, options),
              });
              await expectStoredAsSent([id], [bytes], dataDir);
              stored += 1;
            } catch (error) {
              expectAppError(error);
              expect(await allRowCounts()).toEqual(rows);
              expect(storedFileNames(dataDir).length).toBe(disk);
            }
          },
        ),
        fuzzParams(100),
      );
      expect(stored).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    "POST /api/v1/uploads with any bytes and any form: 201 with the detected type, or a translated refusal writing nothing",
    async () => {
      const appDir = process.env.DATA_DIR!;
      let stored = 0;
      const entry = fc.record({
        name: fc.constantFrom("file", "file", "image", "", "file[]"),
        value: fc.oneof(
          fileBytes.map((bytes) => new Blob([Buffer.from(bytes)])),
          hostileString,
        ),
        filename: fc.oneof(fc.constant("photo"), hostileString),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(entry, { maxLength: 3 }), async (entries) => {
          const form = new FormData();
          for (const e of entries) {
            if (typeof e.value === "string") form.append(e.name, e.value);
            else form.append(e.name, e.value, e.filename);
          }
          const [rows, disk] = [await allRowCounts(), storedFileNames(appDir).length];
          const response = await postUpload(
            new Request("http://localhost:3999/api/v1/uploads", {
              method: "POST",
              headers: { authorization: `Bearer ${apiKey()}` },
              body: form,
            }),
            { params: Promise.resolve({}) },
          );
          const problem = await expectNoServerError(response);
          if (problem) {
            expect(await allRowCounts()).toEqual(rows);
            expect(storedFileNames(appDir).length).toBe(disk);
            return;
          }
          expect(response.status).toBe(201);
          const first = form.get("file");
          expect(first).toBeInstanceOf(File);
          const sent = new Uint8Array(await (first as File).arrayBuffer());
          await expectStoredAsSent([(await response.json()).id], [sent], appDir);
          stored += 1;
        }),
        fuzzParams(80),
      );
      expect(stored).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );
});
