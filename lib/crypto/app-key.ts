import { getEnv } from "../env";
import { createKeyring, parseEncryptionKey, type Keyring } from "./field-encryption";

let keyring: Keyring | undefined;

/** FIELD_ENCRYPTION_KEY encrypts; FIELD_ENCRYPTION_PREVIOUS_KEYS (comma-separated) only decrypt, until `npm run keys:rotate` has moved every value off them. */
export function keyringFromEnv(env: {
  FIELD_ENCRYPTION_KEY: string;
  FIELD_ENCRYPTION_PREVIOUS_KEYS?: string;
}): Keyring {
  const previous = (env.FIELD_ENCRYPTION_PREVIOUS_KEYS ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter(Boolean)
    .map(parseEncryptionKey);
  return createKeyring(parseEncryptionKey(env.FIELD_ENCRYPTION_KEY), previous);
}

/** The application's keyring, parsed once. */
export function appKeyring(): Keyring {
  keyring ??= keyringFromEnv(getEnv());
  return keyring;
}
