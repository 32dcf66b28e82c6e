import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../../tools/db/embedded-postgres";

describe("embedded PostgreSQL", () => {
  // `npm start` a second time reuses DATA_DIR/pg: the restart must find its data (a regression:
  // as root, the data directory was once given o+x, which PostgreSQL refuses on the next start).
  it("starts again on the data directory of an earlier run and keeps the data", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "kesu-pg-")), "pg");
    try {
      const first = await startEmbeddedPostgres({ dir });
      const client = new pg.Client({ connectionString: first.connectionString });
      await client.connect();
      await client.query("CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)");
      await client.end();
      await first.stop();

      const second = await startEmbeddedPostgres({ dir });
      const again = new pg.Client({ connectionString: second.connectionString });
      await again.connect();
      expect((await again.query("SELECT v FROM kept")).rows).toEqual([{ v: 42 }]);
      // Fewer checkpoints than PostgreSQL's defaults (walFlags).
      const settings = await again.query(
        "SELECT name, setting, unit FROM pg_settings WHERE name IN ('max_wal_size', 'checkpoint_timeout') ORDER BY name",
      );
      expect(settings.rows).toEqual([
        { name: "checkpoint_timeout", setting: "900", unit: "s" },
        { name: "max_wal_size", setting: "4096", unit: "MB" },
      ]);
      await again.end();
      await second.stop();
    } finally {
      rmSync(join(dir, ".."), { recursive: true, force: true });
    }
  }, 60_000);
});
