import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { postgresMissing, startPostgres } from "./postgres";

const missing = postgresMissing() ?? (existsSync("/usr/bin/psql") ? null : "no psql client at /usr/bin/psql (Debian: apt-get install -y postgresql-client)");
if (missing) console.warn(`PostgreSQL tests skipped: ${missing}`);

const psql = (url: string, ...commands: string[]) =>
  execFileSync("/usr/bin/psql", [url, "-v", "ON_ERROR_STOP=1", "-At", ...commands.flatMap((c) => ["-c", c])], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim().split("\n");

describe.skipIf(missing)("a throwaway PostgreSQL server for tests", () => {
  it("starts on loopback at a free port, keeps what is written, and is gone with its files after stop", async () => {
    const clusters = () => readdirSync(tmpdir()).filter((n) => n.startsWith("status-pg-")).length;
    const before = clusters();
    const [a, b] = await Promise.all([startPostgres(), startPostgres()]);
    expect(clusters()).toBe(before + 2);
    try {
      expect(a.port).not.toBe(b.port);
      expect(a.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      expect(psql(a.url, "CREATE TABLE t (id bigint)", "INSERT INTO t VALUES (42)", "SELECT id FROM t", "SHOW listen_addresses", "SHOW server_version_num")).toEqual([
        "CREATE TABLE",
        "INSERT 0 1",
        "42",
        "127.0.0.1",
        expect.stringMatching(/^1[5-9]\d{4}$/),
      ]);
      // Two servers, two clusters: b never saw a's table.
      expect(psql(b.url, "SELECT count(*) FROM pg_tables WHERE tablename = 't'")).toEqual(["0"]);
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(() => psql(a.url, "SELECT 1")).toThrow(/connection|refused|server/i);
    expect(clusters()).toBe(before);
    await a.stop();
  });
});
