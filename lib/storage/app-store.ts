import { getEnv } from "../env";
import { objectStoreFor, type ObjectStore } from "./object-store";

let store: ObjectStore | undefined;

/** The configured photo store: UploadThing with UPLOADTHING_TOKEN, else DATA_DIR/uploads. */
export function appObjectStore(): ObjectStore {
  const env = getEnv();
  store ??= objectStoreFor({ dataDir: env.DATA_DIR, uploadThingToken: env.UPLOADTHING_TOKEN });
  return store;
}
