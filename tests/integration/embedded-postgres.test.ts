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
      await again.end();
      await second.stop();
    } finally {
      rmSync(join(dir, ".."), { recursive: true, force: true });
    }
  }, 60_000);

  it("is reached through its own Unix socket, and still over TCP; a path too long for a socket keeps to TCP", async () => {
    const root = mkdtempSync(join(tmpdir(), "kesu-pg-"));
    const long = join(root, "d".repeat(90), "pg");
    try {
      const server = await startEmbeddedPostgres({ dir: join(root, "pg"), archive: false });
      const url = new URL(server.connectionString);
      expect(url.searchParams.get("host")).toBe(join(root, "pg"));
      const viaSocket = new pg.Client({ connectionString: server.connectionString });
      await viaSocket.connect();
      // No server address: the connection came through the socket.
      expect((await viaSocket.query("SELECT inet_server_addr() AS addr")).rows).toEqual([{ addr: null }]);
      await viaSocket.end();
      const viaTcp = new pg.Client({ host: "127.0.0.1", port: Number(url.port), user: "kesu", password: "kesu" });
      await viaTcp.connect();
      expect((await viaTcp.query("SELECT inet_server_addr() AS addr")).rows).toEqual([{ addr: "127.0.0.1" }]);
      await viaTcp.end();
      await server.stop();

      const far = await startEmbeddedPostgres({ dir: long, archive: false });
      expect(new URL(far.connectionString).hostname).toBe("127.0.0.1");
      const client = new pg.Client({ connectionString: far.connectionString });
      await client.connect();
      expect((await client.query("SELECT inet_server_addr() AS addr")).rows).toEqual([{ addr: "127.0.0.1" }]);
      await client.end();
      await far.stop();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 90_000);
});
