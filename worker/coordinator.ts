import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { Db } from "../lib/db/client";
import { listActiveMonitors, monitorsVersion, type MonitorRow } from "../lib/monitors/store";
import { recordMissedHeartbeats } from "../lib/heartbeats/push";
import { applyRetention, deletedRows } from "../lib/results/retention";
import { MAX_CLOCK_SKEW_MS } from "../lib/results/store";
import { accrueStateTime, applyPauses, foldRollups, markStale, processResultBatch, rollupFoldEveryMs, ROLLUP_RESULTS_PER_BATCH, RESULTS_PER_BATCH } from "../lib/coordinator/fold";
import { checkRegionSilence, REGION_SILENT_ALERT_MS } from "../lib/alerts/store";
import { advanceMaintenance } from "../lib/incidents/manage";
import { materializeSchedules } from "../lib/maintenance/materialize";
import { escalate } from "../lib/notify/escalation";
import { fanOutIncidentUpdates } from "../lib/subscriptions/fan-out";
import { defaultSender, deliverDue, OUTBOX_LANES, type OutboxLane, type Sender } from "../lib/notify/outbox";
import { updateFlapping } from "../lib/coordinator/flapping";
import { transitionLogLines } from "../lib/coordinator/log-lines";
import { pulse, PULSE_INTERVAL_MS } from "../lib/workers/pulse";
import { acquireLease, LEASE_DURATION_MS, releaseLease } from "../lib/workers/lease";
import { BackupRunner } from "../lib/backup/schedule";
import { deliveries } from "../lib/metrics/registry";
import { DeadMansSwitch, deadMansSwitchUrl } from "../lib/workers/dead-mans-switch";
import { backupDir } from "../lib/backup/backup";
import { databaseFile, databaseUrl } from "../lib/db/client";
import { log } from "./log";

export const COORDINATOR_LEASE = "coordinator";

export interface CoordinatorOptions {
  db: Db;
  /** How often new results are folded in. */
  tickMs?: number;
  /** How often staleness is checked. */
  staleCheckMs?: number;
  retentionEveryMs?: number;
  /** How often each monitor's time is counted into the uptime state-time rows. */
  accrueEveryMs?: number;
  /** How often results are folded into the hourly and daily rollups; default rollupFoldEveryMs(active monitors). */
  rollupEveryMs?: number;
  /** A probe region silent for this long raises an alert. */
  regionSilentAfterMs?: number;
  /** How notifications are sent (tests may wrap it); default lib/notify deliver. */
  send?: Sender;
  /**
   * Where scheduled backups (status.config.yaml `backups:`) go and which database they copy;
   * default BACKUP_DIR and DATABASE_URL. Off for a database that is not a local file.
   */
  backups?: { dir: string; databaseUrl: string; command?: string[] };
  /** How often the backup schedule is looked at. */
  backupPollMs?: number;
  /** Pinged every minute while this coordinator acts; default DEAD_MANS_SWITCH_URL. */
  deadMansSwitch?: URL | null;
}

/** The backup command beside this module: worker/backup.ts under tsx, .next/worker/backup.mjs when built. */
export function backupCommand(): string[] {
  const here = import.meta.url;
  const ts = here.endsWith(".ts");
  return [process.execPath, ...(ts ? ["--import", "tsx"] : []), fileURLToPath(new URL(ts ? "./backup.ts" : "./backup.mjs", here)), "backup"];
}

/** Default period of the state-time accrual: uptime is exact at transitions, and at most this late otherwise. */
export const ACCRUE_EVERY_MS = 30_000;

/**
 * The coordinator role: only the lease holder acts. It folds results into state, transitions,
 * incidents, alerts and rollups, marks stale monitors "no data", counts uptime time, moves
 * maintenance windows along, watches its probe regions, and applies retention.
 */
export class CoordinatorRole {
  readonly holder = `${process.pid}-${randomUUID()}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private leader = false;
  private lastStaleCheck = 0;
  private lastRetention = 0;
  private lastAccrual = 0;
  private lastRollups = 0;
  private readonly delivering = new Map<OutboxLane, Promise<void>>();
  private lastPulse = 0;
  private lastBackupPoll = 0;
  private readonly backups: BackupRunner | undefined;
  private readonly deadMansSwitch: DeadMansSwitch | undefined;
  private monitors: MonitorRow[] = [];
  private monitorsById = new Map<number, MonitorRow>();
  private monitorsVersion = "";
  private monitorsLoadedAt = 0;
  private readonly startedAt = Date.now();
  readonly stats = { processed: 0, transitions: 0 };

  constructor(private readonly opts: CoordinatorOptions) {
    const switchUrl = opts.deadMansSwitch === undefined ? deadMansSwitchUrl(process.env) : opts.deadMansSwitch;
    if (switchUrl) this.deadMansSwitch = new DeadMansSwitch(switchUrl, (o) => (o.ok ? undefined : log.warn("dead-mans-switch", o.detail)));
    const url = opts.backups?.databaseUrl ?? databaseUrl();
    if (databaseFile(url)) {
      this.backups = new BackupRunner({
        db: opts.db,
        dir: opts.backups?.dir ?? backupDir(),
        command: opts.backups?.command ?? backupCommand(),
        env: { ...process.env, DATABASE_URL: url },
        onDone: (o) => (o.ok ? log.info("backup", o.detail) : log.error("backup", o.detail)),
      });
    }
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
    log.info("coordinator", `started as ${this.holder}`);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await Promise.all(this.delivering.values());
    await this.backups?.settled();
    await this.deadMansSwitch?.settled();
    if (this.leader) await releaseLease(this.opts.db, COORDINATOR_LEASE, this.holder).catch(() => {});
  }

  get isLeader() {
    return this.leader;
  }

  /** One delivery pass at a time per lane, in the background: a slow subscriber pass never holds up the team's alerts. */
  private kickDelivery() {
    if (this.stopped) return;
    const send: Sender = this.opts.send ?? defaultSender;
    for (const lane of OUTBOX_LANES) {
      if (this.delivering.has(lane)) continue;
      const pass = deliverDue(this.opts.db, send, { lane, onAttempt: (type, outcome) => deliveries.inc({ channel_type: type, outcome }) })
        .then((out) => {
          if (out.delivered || out.retried || out.dead) log.info("notify", `${lane}: delivered ${out.delivered}, retrying ${out.retried}, dead ${out.dead}`);
        })
        .catch((e) => log.error("notify", (e as Error).stack ?? String(e)))
        .finally(() => this.delivering.delete(lane));
      this.delivering.set(lane, pass);
    }
  }

  private schedule(ms: number) {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((e) => log.error("coordinator", (e as Error).stack ?? String(e)))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.opts.tickMs ?? 1_000);
        });
    }, ms);
  }

  /** One pass; exported for tests that drive the coordinator step by step. */
  async tick(now = Date.now()): Promise<void> {
    const { db } = this.opts;
    const wasLeader = this.leader;
    this.leader = await acquireLease(db, COORDINATOR_LEASE, this.holder, now, LEASE_DURATION_MS);
    if (this.leader !== wasLeader) log.info("coordinator", this.leader ? "holds the lease: acting" : "lost the lease: standing by");
    if (!this.leader) return;

    if (now - this.monitorsLoadedAt > 5_000) {
      this.monitorsLoadedAt = now;
      const version = await monitorsVersion(db);
      if (version !== this.monitorsVersion) {
        this.monitorsVersion = version;
        this.monitors = await listActiveMonitors(db);
        this.monitorsById = new Map(this.monitors.map((m) => [m.id, m]));
      }
    }
    const byId = this.monitorsById;
    const changed: number[] = [];
    for (let i = 0; i < 20; i++) {
      const out = await processResultBatch(db, byId, now);
      this.stats.processed += out.processed;
      this.stats.transitions += out.transitions.length;
      for (const line of transitionLogLines(out.transitions.map(({ monitorId, transition: t }) => ({ key: byId.get(monitorId)?.key ?? String(monitorId), ...t })))) log.info("state", line);
      if (out.future) log.warn("coordinator", `ignored ${out.future} result(s) dated more than ${MAX_CLOCK_SKEW_MS / 1000} s ahead of this machine's clock: is a probe machine's clock wrong?`);
      changed.push(...out.transitions.map((t) => t.monitorId));
      if (out.processed < RESULTS_PER_BATCH) break;
    }
    // Rollups on their own cursor and cadence (a new leader starts with a pass, from where the
    // last one got to). A backlog bigger than a few passes comes back on the next tick.
    if (now - this.lastRollups >= (this.opts.rollupEveryMs ?? rollupFoldEveryMs(this.monitors.length))) {
      let full = false;
      for (let i = 0; i < 4; i++) {
        full = (await foldRollups(db, now)).processed === ROLLUP_RESULTS_PER_BATCH;
        if (!full) break;
      }
      if (!full) this.lastRollups = now;
    }
    // Flapping: re-judged for monitors that just changed (and, with the staleness pass, for
    // those flapping, so the mark also clears when things calm down).
    if (changed.length || now - this.lastStaleCheck >= (this.opts.staleCheckMs ?? 5_000)) await updateFlapping(db, changed, now);
    // The cascade: steps, reminders and recoveries due now go to the outbox; delivery runs
    // beside the tick so a slow channel never holds up state.
    const escalation = await escalate(db, now);
    if (escalation.queued) log.info("notify", `${escalation.queued} notification(s) queued`);
    // Subscribers hear about published incident and maintenance updates, once each.
    const fanOut = await fanOutIncidentUpdates(db, now);
    if (fanOut.queued) log.info("notify", `${fanOut.queued} subscriber message(s) queued for ${fanOut.updates} update(s)`);
    this.kickDelivery();
    // Missing heartbeats become results after this tick's results are folded in, so the
    // watcher sees each monitor's latest push.
    await recordMissedHeartbeats(db, this.monitors, now);
    if (now - this.lastStaleCheck >= (this.opts.staleCheckMs ?? 5_000)) {
      this.lastStaleCheck = now;
      const paused = await applyPauses(db, this.monitors, now);
      const stale = await markStale(db, this.monitors, now);
      for (const line of transitionLogLines([...paused, ...stale].map(({ monitorId, transition: t }) => ({ key: byId.get(monitorId)?.key ?? String(monitorId), ...t })))) log.info("state", line);
      if ((await materializeSchedules(db, now)).created) log.info("maintenance", "scheduled the next occurrences of recurring maintenance");
      const maintenance = await advanceMaintenance(db, now);
      for (const id of maintenance.started) log.info("maintenance", `window ${id} is in progress`);
      for (const id of maintenance.completed) log.info("maintenance", `window ${id} is completed`);
      const silence = await checkRegionSilence(db, now, this.opts.regionSilentAfterMs ?? REGION_SILENT_ALERT_MS);
      for (const region of silence.opened) log.warn("alert", `probe ${region} is silent`);
      for (const region of silence.resolved) log.info("alert", `probe ${region} is reporting again`);
    }
    if (now - this.lastAccrual >= (this.opts.accrueEveryMs ?? ACCRUE_EVERY_MS)) {
      this.lastAccrual = now;
      await accrueStateTime(db, this.monitors, now);
    }
    // Not while a backup runs: its checkpoint and WAL truncation would land on this (the probes') thread (lib/backup/wal.ts).
    if (now - this.lastRetention >= (this.opts.retentionEveryMs ?? 600_000) && !this.backups?.busy) {
      const retention = await applyRetention(db, now);
      // A pass that ran out of its time budget comes back in a minute rather than ten.
      this.lastRetention = retention.more ? now - (this.opts.retentionEveryMs ?? 600_000) + 60_000 : now;
      const deleted = deletedRows(retention);
      if (deleted) log.info("retention", `pruned ${deleted} row(s)${retention.more ? ", more to go" : ""}`, { ...retention.deleted, longestStatementMs: Math.round(retention.longestStatementMs), pagesFreed: retention.pagesFreed });
    }
    // The outside world hears from the hub every minute while it acts (never waited for).
    this.deadMansSwitch?.poll(now);
    // Backups run in a child process, one at a time; the loop never waits for one.
    if (this.backups && now - this.lastBackupPoll >= (this.opts.backupPollMs ?? 60_000)) {
      this.lastBackupPoll = now;
      await this.backups.poll(now);
    }
    if (now - this.lastPulse >= PULSE_INTERVAL_MS) {
      this.lastPulse = now;
      await pulse(db, "coordinator", "*", this.startedAt, { processed: this.stats.processed, transitions: this.stats.transitions }, now);
    }
  }
}
