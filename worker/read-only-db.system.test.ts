import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";

/**
 * Root ignores file permissions, so as root the worker runs without CAP_DAC_OVERRIDE and
 * CAP_DAC_READ_SEARCH (setpriv drops them from the bounding set): still root, owner of the files,
 * but bound by their mode bits like any user. Null when this machine cannot do that.
 */
function unprivileged(): { prefix: string[] } | { skip: string } {
  if (process.getuid?.() !== 0) return { prefix: [] };
  const dir = mkdtempSync(join(tmpdir(), "ro-probe-"));
  try {
    const file = join(dir, "f");
    writeFileSync(file, "x");
    chmodSync(file, 0o444);
    const run = spawnSync("setpriv", ["--bounding-set=-dac_override,-dac_read_search", "sh", "-c", `echo y >> ${file}`], { encoding: "utf8", timeout: 10_000 });
    if (run.error) return { skip: `running as root and setpriv is not available (${run.error.message}): root would write a read-only file` };
    if (run.status === 0) return { skip: "running as root and setpriv could not drop CAP_DAC_OVERRIDE: root would write a read-only file" };
    return { prefix: ["setpriv", "--bounding-set=-dac_override,-dac_read_search"] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const runner = unprivileged();
const skip = "skip" in runner ? runner.skip : null;
if (skip) console.warn(`read-only database tests skipped: ${skip}`);

/** Runs an entry (tsx) as a user bound by file permissions; bounded in time. */
function runEntry(entry: string[], env: Record<string, string>) {
  const prefix = "prefix" in runner ? runner.prefix : [];
  const argv = [...prefix, process.execPath, "--import", "tsx", ...entry];
  const run = spawnSync(argv[0], argv.slice(1), { encoding: "utf8", timeout: 45_000, killSignal: "SIGKILL", env: { ...process.env, ...env } });
  return { status: run.status, signal: run.signal, output: `${run.stdout}\n${run.stderr}` };
}

describe.skipIf(skip !== null)("starting on a database that cannot be written", () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "ro-db-"));
    file = join(dir, "status.db");
    // A real, migrated database, closed cleanly (its -wal folded back into the file).
    const db = await openDb(`file:${file}`);
    await runMigrations(db);
    await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    db.$client.close();
    // Empty after the checkpoint: gone, so the folder holds the database file alone.
    for (const side of [`${file}-wal`, `${file}-shm`]) rmSync(side, { force: true });
  });
  afterEach(() => {
    chmodSync(dir, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  const entries: [string, string[]][] = [
    ["the worker alone (worker/index.ts)", ["worker/index.ts", "--role", "all"]],
    // --dev skips the build check; the database is checked before anything (the app included) starts.
    ["npm start (worker/start.ts)", ["worker/start.ts", "--dev"]],
  ];
  const env = () => ({ DATABASE_URL: `file:${file}`, PORT: "39517", STATUS_CONFIG: resolve("status.config.yaml") });

  for (const [name, entry] of entries) {
    it(`${name}: a read-only file is named with what to change, and the process exits non-zero`, () => {
      chmodSync(file, 0o444);
      const run = runEntry(entry, env());
      expect(run.signal, run.output).toBeNull();
      expect(run.status, run.output).toBe(2);
      expect(run.output).toContain(`Cannot start: the database file ${file} is read-only for user `);
      expect(run.output).toContain(`chmod u+w ${file}`);
      expect(run.output).toContain("or set DATABASE_URL to a writable location");
      expect(run.output).not.toMatch(/uncaught exception|unhandled rejection|at .*\.ts:\d+/);
    }, 60_000);
  }

  it("the worker alone: a read-only folder (no room for the -wal and -shm files) is named", () => {
    chmodSync(dir, 0o555);
    const run = runEntry(entries[0][1], env());
    expect(run.status, run.output).toBe(2);
    expect(run.output).toContain(`Cannot start: the database folder ${dir} is not writable for user `);
    expect(run.output).toContain(`chmod u+w ${dir}`);
    expect(run.output).not.toMatch(/uncaught exception/);
  }, 60_000);

  it("the worker alone: a folder that cannot be created is named", () => {
    chmodSync(dir, 0o555);
    const run = runEntry(entries[0][1], { ...env(), DATABASE_URL: `file:${join(dir, "sub", "status.db")}` });
    expect(run.status, run.output).toBe(2);
    expect(run.output).toContain(`Cannot start: the database folder ${join(dir, "sub")} does not exist and user `);
    expect(run.output).toContain(`mkdir -p ${join(dir, "sub")}`);
  }, 60_000);
});
