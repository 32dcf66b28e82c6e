/**
 * `npm run keys:rotate`: re-encrypts every personal field under FIELD_ENCRYPTION_KEY, reading
 * older values with FIELD_ENCRYPTION_PREVIOUS_KEYS, and moves values written before the row
 * binding (v1, v2) to the bound format (v3). Also the one step after upgrading to v3: run it
 * once, with or without a new key. Run it while the app runs (point
 * DATABASE_URL at its database; `npm start` prints it). Zero-downtime order: 1) deploy the new
 * key as FIELD_ENCRYPTION_KEY with the old one in FIELD_ENCRYPTION_PREVIOUS_KEYS, 2) run this,
 * 3) remove the old key. `--new-key` does step 1 for a development DATA_DIR whose key was
 * generated into secrets.json (restart `npm start` afterwards so the app reads the new ring).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { keyringFromEnv } from "../lib/crypto/app-key";
import { reencryptFields } from "../tools/db/reencrypt-fields";
import { createPrismaClient } from "../lib/db-client";
import { startEmbeddedPostgres } from "../tools/db/embedded-postgres";

function newDevelopmentKey(dataDir: string) {
  const file = join(dataDir, "secrets.json");
  if (process.env.FIELD_ENCRYPTION_KEY || !existsSync(file))
    throw new Error(
      "--new-key only rotates a key generated into DATA_DIR/secrets.json; set FIELD_ENCRYPTION_KEY and FIELD_ENCRYPTION_PREVIOUS_KEYS yourself otherwise.",
    );
  const secrets = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const previous = [secrets.FIELD_ENCRYPTION_KEY, ...(secrets.FIELD_ENCRYPTION_PREVIOUS_KEYS ?? "").split(",")].filter(
    Boolean,
  );
  secrets.FIELD_ENCRYPTION_KEY = randomBytes(32).toString("base64");
  secrets.FIELD_ENCRYPTION_PREVIOUS_KEYS = previous.join(",");
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

async function main() {
  const dataDir = resolve(process.env.DATA_DIR ?? ".data");
  const file = join(dataDir, "secrets.json");
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as Record<string, string>) : {};
  const secrets = process.argv.includes("--new-key") ? newDevelopmentKey(dataDir) : stored;
  const key = process.env.FIELD_ENCRYPTION_KEY ?? secrets.FIELD_ENCRYPTION_KEY;
  if (!key) throw new Error("FIELD_ENCRYPTION_KEY is not set (and DATA_DIR has no generated one).");
  const keyring = keyringFromEnv({
    FIELD_ENCRYPTION_KEY: key,
    FIELD_ENCRYPTION_PREVIOUS_KEYS:
      process.env.FIELD_ENCRYPTION_PREVIOUS_KEYS ?? secrets.FIELD_ENCRYPTION_PREVIOUS_KEYS,
  });
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dir: join(dataDir, "pg") });
  const db = createPrismaClient(process.env.DATABASE_URL ?? embedded!.connectionString);
  try {
    const { rotated, unreadable, legacyAmounts } = await reencryptFields({ db, keyring });
    console.log(`Current key ${keyring.currentId}. Re-encrypted (and bound to their rows):`);
    for (const [column, count] of Object.entries(rotated)) console.log(`  ${column}: ${count}`);
    if (legacyAmounts) console.log(`  order amounts moved out of clear text: ${legacyAmounts}`);
    if (unreadable.length) {
      // Left as they are: rewriting a planted copy would launder it into a value bound to the wrong row.
      console.error(
        `${unreadable.length} value(s) failed their integrity check (tampered, or copied from another row) and were left as they are:`,
      );
      for (const { column, id } of unreadable.slice(0, 50)) console.error(`  ${column} of row ${id}`);
      if (unreadable.length > 50) console.error(`  … and ${unreadable.length - 50} more`);
      console.error("Investigate them before removing a previous key.");
      process.exitCode = 2;
      return;
    }
    console.log("Every value is now under the current key: the previous keys can be removed.");
  } finally {
    await db.$disconnect();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
