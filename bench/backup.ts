/**
 * Backup benchmark: how long probes' writes stall while a backup of a large database runs.
 * Seeds a real SQLite file to --mb megabytes (check results, 1,000 monitors), then writes a
 * batch of results every 10 ms on the product's own connection (as the probe's result writer
 * does) while the coordinator's BackupRunner runs `npm run backup`'s code in a child process on
 * that connection's behalf (lib/backup/wal.ts: the writer takes no checkpoint meanwhile). Prints the longest and p99 write time during the backup against the same figures
 * measured just before it (the baseline, 20 s), the rate of writes of 20 ms or more in both, when
 * the longest ones happened (seconds into the backup: the CLI's line says how long the copy took,
 * the rest is the integrity check), how large the WAL grew and how large it is 10 s after the
 * backup (the size limit comes back in steps), and the load average (others share
 * this machine: a stall the baseline shows too is the machine's, not the backup's).
 *
 *   npm run bench:backup -- [--mb 1024]
 */
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { bulkInsert } from "../lib/db/bulk";
import { openDb, WAL_SIZE_LIMIT_BYTES, type Db } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { listBackups } from "../lib/backup/backup";
import { DEFAULT_KEEP } from "../lib/backup/rotation";
import { BackupRunner, writeBackupSchedule, type BackupOutcome } from "../lib/backup/schedule";
import { fmt, percentile, verdict } from "./util";

const { values } = parseArgs({ options: { mb: { type: "string", default: "1024" } } });
const TARGET_MB = Number(values.mb);
const MONITORS = 1_000;
/** A stall longer than this during the backup is a MISS ("a few ms"). */
const TARGET_MAX_STALL_MS = 50;
const COLUMNS = ["monitor_id", "region_id", "started_at", "status", "status_code", "total_us", "dns_us", "connect_us", "tls_us", "first_byte_us", "transfer_us"];

const dir = mkdtempSync(join(tmpdir(), "bench-backup-"));
const url = `file:${join(dir, "status.db")}`;
const wal = `${join(dir, "status.db")}-wal`;
const backups = join(dir, "backups");
let t = Date.now() - 30 * 86_400_000;
const row = (m: number) => [m, 1, (t += 7), 0, 200, 40_000 + (m % 50) * 1000, 2_000, 3_000, 6_000, 25_000, 4_000];

async function writeBatch(db: Db, n: number) {
  await db.$client.batch([bulkInsert("check_results", COLUMNS, Array.from({ length: n }, (_, i) => row((i % MONITORS) + 1)))], "write");
}

interface Writes {
  /** Each write's time, ms. */
  times: number[];
  /** When each write started, ms since the loop began. */
  starts: number[];
  /** The largest the WAL file grew to, bytes. */
  maxWalBytes: number;
}

/** Writes a 50-result batch every 10 ms until `until` resolves; returns each write's time. */
async function writeLoop(db: Db, until: Promise<unknown>): Promise<Writes> {
  let done = false;
  void until.finally(() => (done = true));
  const w: Writes = { times: [], starts: [], maxWalBytes: 0 };
  const loop0 = performance.now();
  while (!done) {
    const t0 = performance.now();
    await writeBatch(db, 50);
    w.times.push(performance.now() - t0);
    w.starts.push(t0 - loop0);
    if (existsSync(wal)) w.maxWalBytes = Math.max(w.maxWalBytes, statSync(wal).size);
    await new Promise((r) => setTimeout(r, 10));
  }
  return w;
}

/** Writes slower than this count as stalls in the per-minute rates. */
const STALL_MS = 20;
const stallsPerMinute = (w: Writes) => (w.times.filter((t) => t >= STALL_MS).length / Math.max(1, w.starts.at(-1) ?? 0)) * 60_000;
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

try {
  const db = await openDb(url);
  await runMigrations(db);
  await db.$client.execute("INSERT INTO regions (id, name, created_at) VALUES (1, 'eu-west', 0)");
  const seed0 = performance.now();
  const file = url.slice("file:".length);
  // 200,000 results through the product's own insert, then copies of them a month later each
  // time (INSERT … SELECT inside SQLite: minutes faster than batches from JavaScript on a busy
  // machine, and the same pages and indexes for the copy to read).
  for (let i = 0; i < 10; i++) await writeBatch(db, 20_000);
  const cols = COLUMNS.join(", ");
  while (statSync(file).size < TARGET_MB * 1024 * 1024) {
    const shifted = cols.replace("started_at", "started_at + 2592000000");
    await db.$client.execute(`INSERT INTO check_results (${cols}) SELECT ${shifted} FROM check_results ORDER BY id DESC LIMIT 1000000`);
    await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  }
  const mb = statSync(file).size / 1024 / 1024;
  console.log(`backup: seeded ${fmt(mb)} MB of check results in ${fmt((performance.now() - seed0) / 1000)} s`);

  // Baseline: the same writes for 20 s without a backup (long enough to see this machine's own
  // stalls: others share its 2 cores).
  console.log(`load average before the baseline: ${load()}`);
  const baseline = await writeLoop(db, new Promise((r) => setTimeout(r, 20_000)));
  console.log(`load average before the backup: ${load()}`);
  await writeBackupSchedule(db, { everyMs: 3_600_000, keep: DEFAULT_KEEP, heartbeat: null });
  let outcome: BackupOutcome | undefined;
  const runner = new BackupRunner({ db, dir: backups, command: [process.execPath, "--import", "tsx", "worker/backup.ts", "backup"], env: { ...process.env, DATABASE_URL: url }, onDone: (o) => (outcome ??= o) });
  const b0 = performance.now();
  if (!(await runner.poll())) throw new Error("the backup runner did not start a backup");
  const during = await writeLoop(db, runner.settled());
  const backupMs = performance.now() - b0;
  if (!outcome?.ok) throw new Error(`the backup failed: ${outcome?.detail}`);
  const after = await writeLoop(db, new Promise((r) => setTimeout(r, 10_000)));
  const [backup] = listBackups(backups);

  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const base = sorted(baseline.times);
  const dur = sorted(during.times);
  console.log(outcome.detail);
  console.log(`backup of ${fmt(mb)} MB took ${fmt(backupMs / 1000)} s (file ${fmt(statSync(backup.file).size / 1024 / 1024)} MB)`);
  console.log(`writes of 50 results, baseline: ${base.length}, p50 ${fmt(percentile(base, 50))} ms, p99 ${fmt(percentile(base, 99))} ms, max ${fmt(base[base.length - 1])} ms`);
  console.log(`writes of 50 results, during the backup: ${dur.length}, p50 ${fmt(percentile(dur, 50))} ms, p99 ${fmt(percentile(dur, 99))} ms, max ${fmt(dur[dur.length - 1])} ms`);
  console.log(`load average after the backup: ${load()}`);
  console.log(`writes of ${STALL_MS} ms or more: baseline ${fmt(stallsPerMinute(baseline))}/min, during the backup ${fmt(stallsPerMinute(during))}/min`);
  const longest = during.times.map((ms, i) => ({ ms, at: during.starts[i] / 1000 })).sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(`longest writes during the backup: ${longest.map((l) => `${fmt(l.ms)} ms at ${fmt(l.at)} s`).join(", ")}`);
  console.log(`WAL at most: baseline ${fmt(baseline.maxWalBytes / 1024 / 1024)} MB, during the backup ${fmt(during.maxWalBytes / 1024 / 1024)} MB`);
  const afterMax = Math.max(...after.times);
  const walAfter = existsSync(wal) ? statSync(wal).size : 0;
  console.log(`the 10 s after the backup: ${after.times.length} writes, max ${fmt(afterMax)} ms; WAL then ${fmt(walAfter / 1024 / 1024)} MB`);
  const max = dur[dur.length - 1];
  console.log(verdict("longest write stall during the backup", `${fmt(max)} ms`, `< ${TARGET_MAX_STALL_MS} ms`, max < TARGET_MAX_STALL_MS));
  console.log(verdict("WAL 10 s after the backup", `${fmt(walAfter / 1024 / 1024)} MB`, `<= ${fmt(WAL_SIZE_LIMIT_BYTES / 1024 / 1024, 0)} MB`, walAfter <= WAL_SIZE_LIMIT_BYTES));
  db.$client.close();
  if (max >= TARGET_MAX_STALL_MS || walAfter > WAL_SIZE_LIMIT_BYTES) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
