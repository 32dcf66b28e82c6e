import { randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { keyringFromEnv } from "../../lib/crypto/app-key";
import { createKeyring, decryptField, encryptField, keyId } from "../../lib/crypto/field-encryption";
import { ENCRYPTED_COLUMNS, reencryptFields } from "../../lib/crypto/reencrypt-fields";
import { createComplaint } from "../../lib/complaints/create-complaint";
import { revealContact } from "../../lib/complaints/reveal-contact";
import { orderAmountFen } from "../../lib/orders/order-amount";
import { upsertOrderSchema } from "../../lib/orders/order-schemas";
import { upsertOrder } from "../../lib/orders/upsert-order";
import { resetData, testDb } from "../support/db-helpers";
import { createStaff } from "../support/staff";

afterAll(() => testDb.$disconnect());
beforeEach(resetData);

const PHONE = "13912345678";
const CONTACT = "王女士 13787654321";

async function seed(keyring: ReturnType<typeof createKeyring>, orderNo = "SO-ENC-1") {
  const input = upsertOrderSchema.parse({
    customer: { externalId: `CU-${orderNo}`, name: "加密客户", phone: PHONE, region: "上海" },
    items: [{ sku: "FR-1", name: "榴莲", quantity: 1, unitPrice: "123.45" }],
    amount: "123.45",
    status: "delivered",
    placedAt: "2026-11-21T10:00:00+08:00",
  });
  await upsertOrder({ db: testDb, orderNo, input, keyring });
  const { complaint } = await createComplaint({ db: testDb, actor: { type: "shop" }, input: { orderNo, category: "product.quality", description: "榴莲坏了", contact: CONTACT, imageIds: [] }, source: "api", keyring });
  return complaint.id;
}

/** Every row of every table as text: what a stolen dump would show. */
async function dumpEverything(): Promise<string> {
  const tables = await testDb.$queryRaw<{ name: string }[]>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`;
  const parts: string[] = [];
  for (const { name } of tables) {
    const rows = await testDb.$queryRawUnsafe<{ row: string }[]>(`SELECT row_to_json(t)::text AS row FROM "${name}" t`);
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join("\n");
}

describe("personal fields at rest", () => {
  it("a dump of every table holds no phone number, contact or order amount in clear", async () => {
    await seed(keyringFromEnv({ FIELD_ENCRYPTION_KEY: process.env.FIELD_ENCRYPTION_KEY! }));
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
    const keyring = keyringFromEnv({ FIELD_ENCRYPTION_KEY: process.env.FIELD_ENCRYPTION_KEY! });
    const id = await seed(keyring);
    const expert = await createStaff({ role: "expert" });
    expect(await revealContact({ db: testDb, actor: expert, complaintId: id, keyring })).toEqual({ contact: CONTACT });
    await expect(revealContact({ db: testDb, actor: await createStaff({ role: "agent" }), complaintId: id, keyring })).rejects.toMatchObject({ code: "forbidden" });
    const audit = await testDb.auditLog.findMany({ where: { action: "contact.reveal" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: expert.id, targetId: id });
  });
});

describe("npm run keys:rotate", () => {
  it("moves every value onto the new key; afterwards the old key is no longer needed", async () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    await seed(createKeyring(oldKey), "SO-ROT-1");
    await seed(createKeyring(oldKey), "SO-ROT-2");
    // An order still in clear, as the migration that introduced amount encryption left them.
    const legacy = await testDb.order.findUniqueOrThrow({ where: { orderNo: "SO-ROT-2" } });
    await testDb.order.update({ where: { id: legacy.id }, data: { amountEnc: null, legacyAmount: "123.45" } });

    const old = createKeyring(oldKey);
    const channel = await testDb.notificationChannel.create({ data: { kind: "sms", name: "短信", configEnc: encryptField(JSON.stringify({ driver: "log" }), old) } });
    await testDb.notificationDelivery.create({ data: { channelId: channel.id, dedupeKey: "rot", topic: "complaint_result", title: "t", body: "b", recipientEnc: encryptField(PHONE, old) } });
    const result = await reencryptFields({ db: testDb, keyring: createKeyring(newKey, [oldKey]), batchSize: 1 });
    expect(result.rotated).toEqual({ "customers.contact_enc": 2, "complaints.contact_enc": 2, "orders.amount_enc": 1, "order_items.unit_price_enc": 2, "notification_channels.config_enc": 1, "notification_deliveries.recipient_enc": 1 });
    expect(result.legacyAmounts).toBe(1);

    const onlyNew = createKeyring(newKey);
    for (const { table, column } of ENCRYPTED_COLUMNS) {
      const values = await testDb.$queryRawUnsafe<{ value: string }[]>(`SELECT "${column}" AS value FROM "${table}" WHERE "${column}" IS NOT NULL`);
      expect(values.length).toBeGreaterThan(0);
      for (const { value } of values) {
        expect(value.startsWith(`v2.${keyId(newKey)}.`), `${table}.${column}`).toBe(true);
        expect(() => decryptField(value, onlyNew)).not.toThrow();
      }
    }
    for (const order of await testDb.order.findMany()) expect(orderAmountFen(order, onlyNew)).toBe(12345);
    expect(await reencryptFields({ db: testDb, keyring: onlyNew })).toEqual({ rotated: { "customers.contact_enc": 0, "complaints.contact_enc": 0, "orders.amount_enc": 0, "order_items.unit_price_enc": 0, "notification_channels.config_enc": 0, "notification_deliveries.recipient_enc": 0 }, legacyAmounts: 0 });
  });
});
