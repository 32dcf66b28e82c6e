import "server-only";
import { getEnv } from "../env";
import { createEnginePool, type EnginePool } from "./engine-db";

const globalForEngine = globalThis as unknown as { kesuEnginePool?: EnginePool };

/** The app process's pool for engine tables (event API, admin actions); created on first use. */
export function appEnginePool(): EnginePool {
  globalForEngine.kesuEnginePool ??= createEnginePool(getEnv().DATABASE_URL, 4);
  return globalForEngine.kesuEnginePool;
}
