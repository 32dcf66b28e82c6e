import { getEnv } from "../env";
import { parseEncryptionKey } from "./field-encryption";

let key: Buffer | undefined;

/** The application's field-encryption key, parsed once. */
export function fieldEncryptionKey(): Buffer {
  key ??= parseEncryptionKey(getEnv().FIELD_ENCRYPTION_KEY);
  return key;
}
