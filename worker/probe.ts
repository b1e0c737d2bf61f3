import type { Db } from "../lib/db/client";
import { isProbed, runCheck } from "../lib/checks";
import { closeSharedBrowser } from "../lib/checks/browser";
import { policyFromEnv } from "../lib/checks/policy";
import { storeScreenshots, type NewScreenshot } from "../lib/results/screenshots";
import { listActiveProbeMonitors, monitorsVersion, type ProbeMonitorRow } from "../lib/monitors/store";
import { ensureRegion } from "../lib/regions/store";
import { insertResults, toResultRow, type NewCheckResultRow } from "../lib/results/store";
import { checkDuration, checksRun, dbWriteDuration, resultWriteErrors, schedulerLag } from "../lib/metrics/registry";
import { pulse, PULSE_INTERVAL_MS } from "../lib/workers/pulse";
import { Scheduler } from "./scheduler";
import { checkLogLine } from "../lib/checks/check-log";
import { log } from "./log";

export interface ProbeOptions {
  db: Db;
  region: string;
  /** Most checks in flight at once. */
  concurrency?: number;
  /** How often the monitor list is re-read (config changes). */
  reloadMs?: number;
  /** Results are written at least this often, in one transaction. */
  flushMs?: number;
  /** How often failures seen by other regions are looked for (second opinions); default flushMs. */
  secondOpinionMs?: number;
  /** Observers for benchmarks and tests: a check started (how late), a check finished. */
  onCheckStart?: (monitorId: number, lagMs: number) => void;
  onCheckDone?: (monitorId: number) => void;
}

/**
 * What a scheduled check needs of its monitor, in one small shape. (A spread of the whole row
 * gave every job a hidden class of its own: about 0.8 kB of V8 maps per monitor.)
 */
interface ProbeJob {
  id: number;
  key: string;
  type: ProbeMonitorRow["type"];
  checkConfig: ProbeMonitorRow["checkConfig"];
  timeoutMs: number;
  intervalMs: number;
}

const toJob = (m: ProbeMonitorRow): ProbeJob => ({ id: m.id, key: m.key, type: m.type, checkConfig: m.checkConfig, timeoutMs: m.timeoutMs, intervalMs: m.intervalS * 1000 });

/** Results waiting in memory beyond this are dropped oldest-first (the DB is unreachable). */
const MAX_BUFFERED_RESULTS = 200_000;

/** The probe role: runs this region's checks on schedule and writes the results in batches. */
export class ProbeRole {
  private readonly scheduler: Scheduler<ProbeJob>;
  private buffer: NewCheckResultRow[] = [];
  private screenshots: NewScreenshot[] = [];
  private regionId = 0;
  private readonly policy = policyFromEnv();
  private readonly userAgent: string;
  private timers: NodeJS.Timeout[] = [];
  private flushing: Promise<void> | undefined;
  private readonly startedAt = Date.now();
  readonly stats = { checks: 0, written: 0, skipped: 0, writeErrors: 0, lagMsMax: 0, secondOpinions: 0 };
  /** check_results id up to which other regions' failures were looked at. */
  private failuresSeenUpTo: number | undefined;
  private keyById = new Map<number, string>();

  constructor(private readonly opts: ProbeOptions) {
    this.userAgent = `status-monitor/0.1 (region ${opts.region})`;
    this.scheduler = new Scheduler({
      concurrency: opts.concurrency ?? 200,
      run: (job) => this.check(job),
      onStart: (job, lagMs) => {
        if (lagMs > this.stats.lagMsMax) this.stats.lagMsMax = lagMs;
        schedulerLag.observe(Math.max(0, lagMs) / 1000);
        opts.onCheckStart?.(job.id, lagMs);
      },
      onSkip: () => void this.stats.skipped++,
    });
  }

  async start(): Promise<void> {
    const { db, region } = this.opts;
    this.regionId = await ensureRegion(db, region);
    await this.reload();
    this.scheduler.start();
    await this.pulse();
    const every = (ms: number, fn: () => Promise<unknown>) => {
      const t = setInterval(() => void fn().catch((e) => log.error("probe", String(e))), ms);
      this.timers.push(t);
    };
    every(this.opts.reloadMs ?? 10_000, () => this.reload());
    every(this.opts.flushMs ?? 500, () => this.flush());
    every(this.opts.secondOpinionMs ?? this.opts.flushMs ?? 500, () => this.secondOpinions());
    every(PULSE_INTERVAL_MS, () => this.pulse());
    log.info("probe", `region ${region}: started`);
  }

  async stop(): Promise<void> {
    this.timers.forEach(clearInterval);
    await this.scheduler.stop();
    await this.flush();
    await closeSharedBrowser().catch(() => {});
  }

  private monitorsVersion = "";

  /** Re-reads the monitors when config sync changed them. */
  private async reload(): Promise<void> {
    const version = await monitorsVersion(this.opts.db);
    if (version === this.monitorsVersion) return;
    this.monitorsVersion = version;
    const probed = (await listActiveProbeMonitors(this.opts.db)).filter((m) => isProbed(m.type));
    // A paused monitor is not checked; it keeps its place in the spacing, so pausing moves no other slot.
    const mine = probed.filter((m) => m.pausedAt === null && (!m.regions || m.regions.includes(this.opts.region)));
    // Slots are spaced over every probed monitor, so all regions check a monitor together.
    this.scheduler.setJobs(mine.map(toJob), probed.map((m) => ({ key: m.key, intervalMs: m.intervalS * 1000 })));
    this.keyById = new Map(mine.map((m) => [m.id, m.key]));
  }

  /**
   * Second opinion: a monitor that another region just saw fail is checked here at once instead
   * of at its next slot (the scheduler bounds it to one early check per interval). Detection
   * then needs no extra interval, and a single region's bad minute is outvoted quickly. Reads
   * only the results written since the last look, by id.
   */
  private async secondOpinions(): Promise<void> {
    const { db } = this.opts;
    const [top, failed] = await db.$client.batch(
      [
        "SELECT coalesce(max(id), 0) AS id FROM check_results",
        {
          sql: `SELECT DISTINCT monitor_id FROM check_results WHERE id > ? AND status = 2 AND region_id <> ? AND started_at > ?`,
          args: [this.failuresSeenUpTo ?? Number.MAX_SAFE_INTEGER, this.regionId, Date.now() - 60_000],
        },
      ],
      "read",
    );
    const upTo = Number(top.rows[0].id);
    // The first look only takes the position: failures from before this probe started are old news.
    if (this.failuresSeenUpTo !== undefined) {
      for (const row of failed.rows) {
        const key = this.keyById.get(Number(row.monitor_id));
        if (key && this.scheduler.runSoon(key)) this.stats.secondOpinions++;
      }
    }
    this.failuresSeenUpTo = upTo;
  }

  private async check(monitor: ProbeJob): Promise<void> {
    const t0 = performance.now();
    const result = await runCheck(monitor, { userAgent: this.userAgent, policy: this.policy });
    checkDuration.observe({ type: monitor.type }, (performance.now() - t0) / 1000);
    checksRun.inc({ type: monitor.type, region: this.opts.region, status: result.status });
    this.stats.checks++;
    this.opts.onCheckDone?.(monitor.id);
    if (log.enabled("debug")) {
      const line = checkLogLine(monitor.key, this.opts.region, result);
      log.debug("check", line.msg, line.fields);
    }
    this.buffer.push(toResultRow(monitor.id, this.regionId, result));
    const png = result.artifacts?.screenshotPng;
    if (png) this.screenshots.push({ monitorId: monitor.id, regionId: this.regionId, startedAt: result.startedAt, png });
    if (this.buffer.length > MAX_BUFFERED_RESULTS) this.buffer.splice(0, this.buffer.length - MAX_BUFFERED_RESULTS);
  }

  /** Writes buffered results in one transaction; on failure they stay buffered for the next try. */
  flush(): Promise<void> {
    this.flushing ??= (async () => {
      if (this.screenshots.length) {
        const shots = this.screenshots.splice(0);
        // Screenshots are evidence, not facts: one that cannot be stored is dropped, not retried.
        await storeScreenshots(this.opts.db, shots).catch((e) => log.error("probe", `could not store ${shots.length} screenshots: ${(e as Error).message}`));
      }
      const batch = this.buffer;
      if (batch.length === 0) return;
      this.buffer = [];
      const stopTimer = dbWriteDuration.startTimer();
      try {
        await insertResults(this.opts.db, batch);
        stopTimer();
        this.stats.written += batch.length;
      } catch (err) {
        resultWriteErrors.inc();
        this.stats.writeErrors++;
        this.buffer = batch.concat(this.buffer);
        log.error("probe", `could not write ${batch.length} results, will retry: ${(err as Error).message}`);
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async pulse(): Promise<void> {
    const s = this.scheduler.stats;
    await pulse(this.opts.db, "probe", this.opts.region, this.startedAt, {
      monitors: s.jobs,
      inFlight: s.inFlight,
      checks: this.stats.checks,
      skipped: this.stats.skipped,
      lagMsMax: this.stats.lagMsMax,
    });
    this.stats.lagMsMax = 0;
  }
}
