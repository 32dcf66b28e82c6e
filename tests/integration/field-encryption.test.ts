import { createCipheriv, randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "../../lib/crypto/app-key";
import { ENCRYPTED_COLUMNS, type EncryptedColumn } from "../../lib/crypto/encrypted-columns";
import { createKeyring, decryptField, encryptField, keyId, type Keyring } from "../../lib/crypto/field-encryption";
import { reencryptFields } from "../../tools/db/reencrypt-fields";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { getStaffComplaint } from "../../lib/complaints/get-staff-complaint";
import { revealContact } from "../../lib/complaints/reveal-contact";
import { deliverNotification } from "../../lib/notify/deliver-notification";
import { planCustomerResult } from "../../lib/notify/plan-customer-result";
import { orderAmountFen } from "../../lib/orders/order-amount";
import { upsertOrderSchema } from "../../lib/orders/order-schemas";
import { upsertOrder } from "../../lib/orders/upsert-order";
import { resetData, rowCounts, testDb } from "../support/db-helpers";
import { orderBody, shopApi } from "../support/shop-api";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const PHONE = "13912345678";
const CONTACT = "王女士 13787654321";
const appKeyring = () => keyringFromEnv({ FIELD_ENCRYPTION_KEY: process.env.FIELD_ENCRYPTION_KEY! });

async function seed(
  keyring: Keyring,
  orderNo = "SO-ENC-1",
  { contact = CONTACT, phone = PHONE }: { contact?: string | null; phone?: string } = {},
) {
  const input = upsertOrderSchema.parse({
    customer: { externalId: `CU-${orderNo}`, name: "加密客户", phone, region: "上海" },
    items: [{ sku: "FR-1", name: "榴莲", quantity: 1, unitPrice: "123.45" }],
    amount: "123.45",
    status: "delivered",
    placedAt: "2026-11-21T10:00:00+08:00",
  });
  await upsertOrder({ db: testDb, orderNo, input, keyring });
  const { complaint } = await createComplaint({
    db: testDb,
    actor: { type: "shop" },
    input: {
      orderNo,
      category: "product.quality",
      description: "榴莲坏了",
      ...(contact ? { contact } : {}),
      imageIds: [],
    },
    source: "api",
    keyring,
    shopRefunds: false,
  });
  return complaint.id;
}

/** What an attacker with write access to the database does: one row's ciphertext pasted into another row. */
async function copyValue({ table, column, from, to }: { table: string; column: string; from: string; to: string }) {
  const copied = await testDb.$executeRawUnsafe(
    `UPDATE "${table}" SET "${column}" = (SELECT "${column}" FROM "${table}" WHERE id = $1::uuid) WHERE id = $2::uuid`,
    from,
    to,
  );
  expect(copied).toBe(1);
}

/** A value as the code before the binding wrote it: `v2.<keyId>.<iv>.<tag>.<ct>`, no additional data. */
function legacyV2(plaintext: string, key: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    "v2",
    keyId(key),
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(".");
}

/** Every value of the column, with the row key it is bound to. */
async function storedValues({ table, column, rowKey }: (typeof ENCRYPTED_COLUMNS)[number]) {
  const rows = await testDb.$queryRawUnsafe<{ id: string; row: string; value: string }[]>(
    `SELECT id::text, "${rowKey}"::text AS row, "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL ORDER BY id`,
  );
  return rows.map((r) => ({ ...r, column: `${table}.${column}` as EncryptedColumn }));
}

/** Every row of every table as text: what a stolen dump would show. */
async function dumpEverything(): Promise<string> {
  const tables = await testDb.$queryRaw<
    { name: string }[]
  >`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`;
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await testDb.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

describe("personal fields at rest", () => {
  it("a dump of every table holds no phone number, contact or order amount in clear", async () => {
    await seed(appKeyring());
    const dump = await dumpEverything();
    expect(dump).toContain("榴莲坏了"); // the dump is real: it sees the complaint's text
    expect(dump).not.toContain(PHONE);
    expect(dump).not.toContain("13787654321");
    expect(dump).not.toContain("123.45");
    expect(dump).not.toContain("12345");
    const order = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-ENC-1" } });
    expect(order).toMatchObject({ amountBand: "under_200", legacyAmount: null });
  });

  it("reveals a contact only to allowed roles, and audits each reveal", async () => {
    const keyring = appKeyring();
    const id = await seed(keyring);
    const expert = await createStaff({ role: "expert" });
    expect(await revealContact({ db: testDb, actor: expert, complaintId: id, keyring })).toEqual({ contact: CONTACT });
    await expect(
      revealContact({ db: testDb, actor: await createStaff({ role: "agent" }), complaintId: id, keyring }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const audit = await testDb.auditLog.findMany({ where: { action: "contact.reveal" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: expert.id, targetId: id });
  });
});

describe("each value is bound to its row (copied ciphertexts do not open)", () => {
  it("a contact copied into another complaint is refused on reveal with a clear error, and the refusal is audited", async () => {
    const keyring = appKeyring();
    const victim = await seed(keyring, "SO-BIND-1");
    const other = await seed(keyring, "SO-BIND-2", { contact: "李先生 13600000000" });
    await copyValue({ table: "complaints", column: "contact_enc", from: victim, to: other });
    const expert = await createStaff({ role: "expert" });

    await expect(revealContact({ db: testDb, actor: expert, complaintId: other, keyring })).rejects.toMatchObject({
      code: "field_integrity_failed",
      status: 409,
    });
    const refused = await testDb.auditLog.findFirstOrThrow({ where: { action: "contact.reveal", targetId: other } });
    expect(refused.after).toMatchObject({ found: false, integrity: "failed" });
    expect(await revealContact({ db: testDb, actor: expert, complaintId: victim, keyring })).toEqual({
      contact: CONTACT,
    });
  });

  it("a customer's phone copied onto another customer is neither revealed nor texted", async () => {
    const keyring = appKeyring();
    await seed(keyring, "SO-BIND-1", { contact: null, phone: "13911111111" });
    const other = await seed(keyring, "SO-BIND-2", { contact: null, phone: "13922222222" });
    const [from, to] = await Promise.all(
      ["CU-SO-BIND-1", "CU-SO-BIND-2"].map((externalId) =>
        testDb.customer.findUniqueOrThrow({ where: { externalId }, select: { id: true } }),
      ),
    );
    await copyValue({ table: "customers", column: "contact_enc", from: from!.id, to: to!.id });

    await expect(
      revealContact({ db: testDb, actor: await createStaff({ role: "expert" }), complaintId: other, keyring }),
    ).rejects.toMatchObject({ code: "field_integrity_failed" });
    // The result SMS would carry a signed link into the complaint: it must not go to the planted number.
    await testDb.notificationChannel.create({
      data: {
        id: randomUUID(),
        kind: "sms",
        name: "短信",
        enabled: true,
        topics: ["complaint_result"],
        configEnc: "unused",
      },
    });
    const planned = await planCustomerResult({ db: testDb, complaintId: other, sourceEventId: "bind-test", keyring });
    expect(planned).toEqual([]);
    expect(await testDb.notificationDelivery.count()).toBe(0);
  });

  it("a cheap order's amount planted on an expensive order opens nowhere: the shop API answers 409, not 500, and writes nothing", async () => {
    const keyring = appKeyring();
    expect(
      (await shopApi.putOrder("SO-CHEAP", orderBody({ customer: { externalId: "CU-1", name: "甲", region: "上海" } })))
        .status,
    ).toBe(201);
    expect(
      (
        await shopApi.putOrder(
          "SO-DEAR",
          orderBody({
            customer: { externalId: "CU-2", name: "乙", region: "上海" },
            amount: "388.00",
            items: [{ sku: "FR-DURIAN", name: "猫山王榴莲", quantity: 1, unitPrice: "388.00" }],
          }),
        )
      ).status,
    ).toBe(201);
    const filed = await shopApi.postComplaint(
      { orderNo: "SO-DEAR", category: "product.quality", description: "榴莲坏了" },
      { idempotencyKey: "bind-1" },
    );
    expect(filed.status).toBe(201);
    const { id: complaintId } = await filed.json();
    const [cheap, dear] = await Promise.all(
      ["SO-CHEAP", "SO-DEAR"].map((orderNo) =>
        testDb.order.findUniqueOrThrow({ where: { orderNo }, include: { items: true } }),
      ),
    );
    // Under ¥50 an out-of-stock complaint is refunded automatically: the attacker's reason to plant it.
    await copyValue({ table: "orders", column: "amount_enc", from: cheap!.id, to: dear!.id });
    await copyValue({
      table: "order_items",
      column: "unit_price_enc",
      from: cheap!.items[0]!.id,
      to: dear!.items[0]!.id,
    });
    const before = await rowCounts();

    const response = await shopApi.postComplaint(
      { orderNo: "SO-DEAR", category: "product.out_of_stock", description: "缺货了" },
      { idempotencyKey: "bind-2" },
    );
    expect(response.status).toBe(409);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "field_integrity_failed", status: 409 });
    expect(await rowCounts()).toEqual(before);
    await expect(
      getStaffComplaint({ db: testDb, actor: await createStaff({ role: "supervisor" }), id: complaintId, keyring }),
    ).rejects.toMatchObject({ code: "field_integrity_failed" });
    expect(orderAmountFen(cheap!, keyring)).toBe(2580);
  });

  it("a recipient copied onto another delivery fails that delivery for good instead of sending it", async () => {
    const keyring = appKeyring();
    const channelId = randomUUID();
    await testDb.notificationChannel.create({
      data: {
        id: channelId,
        kind: "sms",
        name: "短信",
        configEnc: encryptField({
          plaintext: JSON.stringify({ driver: "log" }),
          context: { column: "notification_channels.config_enc", row: channelId },
          keyring,
        }),
      },
    });
    const ids = [randomUUID(), randomUUID()];
    for (const [n, id] of ids.entries()) {
      await testDb.notificationDelivery.create({
        data: {
          id,
          channelId,
          dedupeKey: `bind-${n}`,
          topic: "complaint_result",
          title: "t",
          body: "b",
          recipientEnc: encryptField({
            plaintext: `1390000000${n}`,
            context: { column: "notification_deliveries.recipient_enc", row: id },
            keyring,
          }),
        },
      });
    }
    await copyValue({ table: "notification_deliveries", column: "recipient_enc", from: ids[0]!, to: ids[1]! });
    const sent: unknown[] = [];
    const send = async (call: unknown) => (sent.push(call), { ok: true as const });

    expect(await deliverNotification({ db: testDb, deliveryId: ids[1]!, keyring, send })).toEqual({
      status: "failed",
      error: "notification_deliveries.recipient_enc failed its integrity check",
    });
    expect(sent).toHaveLength(0);
    expect(await testDb.notificationDelivery.findUniqueOrThrow({ where: { id: ids[1] } })).toMatchObject({
      status: "failed",
    });
    expect(await deliverNotification({ db: testDb, deliveryId: ids[0]!, keyring, send })).toEqual({ status: "sent" });
  });
});

describe("npm run keys:rotate", () => {
  it("moves every value, legacy formats included, onto the new key and binds it to its row; the old key is no longer needed", async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const old = createKeyring(oldKey);
    await seed(old, "SO-ROT-1");
    await seed(old, "SO-ROT-2");
    // An order still in clear, as the migration that introduced amount encryption left them.
    const legacy = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-ROT-2" } });
    await testDb.order.update({ where: { id: legacy.id }, data: { amountEnc: null, legacyAmount: "123.45" } });
    const channelId = randomUUID();
    const deliveryId = randomUUID();
    await testDb.notificationChannel.create({
      data: {
        id: channelId,
        kind: "sms",
        name: "短信",
        configEnc: encryptField({
          plaintext: JSON.stringify({ driver: "log" }),
          context: { column: "notification_channels.config_enc", row: channelId },
          keyring: old,
        }),
      },
    });
    await testDb.notificationDelivery.create({
      data: {
        id: deliveryId,
        channelId,
        dedupeKey: "rot",
        topic: "complaint_result",
        title: "t",
        body: "b",
        recipientEnc: encryptField({
          plaintext: PHONE,
          context: { column: "notification_deliveries.recipient_enc", row: deliveryId },
          keyring: old,
        }),
      },
    });
    // Contacts as the version before the binding wrote them (v2: unbound): an existing database.
    for (const columns of ENCRYPTED_COLUMNS.filter((c) => c.column === "contact_enc")) {
      for (const { id, row, column, value } of await storedValues(columns)) {
        await testDb.$executeRawUnsafe(
          `UPDATE "${columns.table}" SET contact_enc = $1 WHERE id = $2::uuid`,
          legacyV2(decryptField({ sealed: value, context: { column, row }, keyring: old }), oldKey),
          id,
        );
      }
    }

    const result = await reencryptFields({ db: testDb, keyring: createKeyring(newKey, [oldKey]), batchSize: 1 });
    expect(result.rotated).toEqual({
      "customers.contact_enc": 2,
      "complaints.contact_enc": 2,
      "orders.amount_enc": 1,
      "order_items.unit_price_enc": 2,
      "notification_channels.config_enc": 1,
      "notification_deliveries.recipient_enc": 1,
    });
    expect(result.legacyAmounts).toBe(1);
    expect(result.unreadable).toEqual([]);

    const onlyNew = createKeyring(newKey);
    for (const columns of ENCRYPTED_COLUMNS) {
      const values = await storedValues(columns);
      expect(values.length, columns.column).toBeGreaterThan(0);
      for (const { column, row, value } of values) {
        expect(value.startsWith(`v3.${keyId(newKey)}.`), column).toBe(true);
        expect(() => decryptField({ sealed: value, context: { column, row }, keyring: onlyNew })).not.toThrow();
      }
      // Bound now: a value does not open as another row's (here the first row's as the last row's, or any other row key).
      const elsewhere = values.length > 1 ? values[values.length - 1]!.row : randomUUID();
      expect(
        () =>
          decryptField({
            sealed: values[0]!.value,
            context: { column: values[0]!.column, row: elsewhere },
            keyring: onlyNew,
          }),
        columns.column,
      ).toThrow(/field_integrity_failed/);
    }
    for (const order of await testDb.order.findMany()) expect(orderAmountFen(order, onlyNew)).toBe(12345);
    expect(await reencryptFields({ db: testDb, keyring: onlyNew })).toEqual({
      rotated: {
        "customers.contact_enc": 0,
        "complaints.contact_enc": 0,
        "orders.amount_enc": 0,
        "order_items.unit_price_enc": 0,
        "notification_channels.config_enc": 0,
        "notification_deliveries.recipient_enc": 0,
      },
      unreadable: [],
      legacyAmounts: 0,
    });
  });

  it("rotates everything else and reports, without rewriting, a value planted in the wrong row", async () => {
    const oldKey = randomBytes(32);
    const old = createKeyring(oldKey);
    const victim = await seed(old, "SO-ROT-1");
    const planted = await seed(old, "SO-ROT-2");
    await copyValue({ table: "complaints", column: "contact_enc", from: victim, to: planted });
    const before = await testDb.complaint.findUniqueOrThrow({ where: { id: planted }, select: { contactEnc: true } });

    const result = await reencryptFields({ db: testDb, keyring: createKeyring(randomBytes(32), [oldKey]) });
    expect(result.unreadable).toEqual([{ column: "complaints.contact_enc", id: planted }]);
    expect(result.rotated["complaints.contact_enc"]).toBe(1);
    expect(result.rotated["customers.contact_enc"]).toBe(2);
    expect(await testDb.complaint.findUniqueOrThrow({ where: { id: planted }, select: { contactEnc: true } })).toEqual(
      before,
    );
  });
});
