import { request } from "undici";
import { CHECK_TYPES, isProbed, runCheck } from "../lib/checks";
import { closeSharedBrowser } from "../lib/checks/browser";
import { policyFromEnv } from "../lib/checks/policy";
import { capUtf8, RESPONSE_BODY_MAX_BYTES, RESPONSE_HEADERS_MAX_BYTES, type CheckResult } from "../lib/checks/types";
import type { MonitorType } from "../lib/db/schema/monitors";
import { checkLogLine } from "../lib/checks/check-log";
import { log } from "./log";
import { assignmentsSchema, ingestOutcomeSchema, MAX_RESULTS_PER_BATCH, wireProblem, type Assignment, type Assignments, type IngestOutcome, type PushedBatch, type PushedResult } from "../lib/probes/wire";
import { newBatchId, Outbox } from "./outbox";
import { Scheduler, type ScheduledJob } from "./scheduler";
import { steadyClock } from "./steady-clock";

/**
 * Push mode: a probe without database access. It asks the hub (the app) what to check, runs the
 * checks on schedule, keeps every result in a local outbox file, and posts them to the hub in
 * batches until acknowledged. Nothing is lost while the hub is unreachable, and nothing is
 * stored twice (see Outbox).
 */
export interface RemoteProbeOptions {
  /** The app's base URL, like https://status.example.com. */
  hub: string;
  /** This region's probe token (Authorization: Bearer). */
  token: string;
  region: string;
  /** The outbox's SQLite file. */
  outboxPath: string;
  /** Most checks in flight at once. */
  concurrency?: number;
  /** How often the assignments are re-read (default 30 s). */
  assignmentsMs?: number;
  /** Retry the first assignments fetch this often while the hub is unreachable (default 3 s). */
  firstAssignmentsRetryMs?: number;
  /** Retry backoff while the hub fails: starts here, doubles (default 1 s to 60 s). */
  retryMinMs?: number;
  retryMaxMs?: number;
  /** Results go from memory to the outbox file at least this often (default 250 ms). */
  flushMs?: number;
  /** With nothing to send, an empty batch goes this often as a heartbeat (default 10 s). */
  idleBeatMs?: number;
  /** Each request to the hub gives up after this long (default 10 s). */
  requestTimeoutMs?: number;
  /** Observers for benchmarks and tests: a check started (how late), a check finished. */
  onCheckStart?: (monitorKey: string, lagMs: number) => void;
  onCheckDone?: (monitorKey: string, result: CheckResult) => void;
}

type Job = Assignment & { type: MonitorType; intervalMs: number };

/** A check result in the hub's shape: fields absent where the row would hold NULL (as toResultRow). */
export function toPushedResult(monitorKey: string, r: CheckResult): PushedResult {
  const out: PushedResult = { monitorKey, startedAt: r.startedAt, status: r.status, totalUs: r.totalUs };
  if (r.statusCode !== undefined) out.statusCode = r.statusCode;
  if (r.errorClass !== undefined) out.errorClass = r.errorClass;
  if (r.status !== "up" && r.message !== undefined) out.message = r.message;
  for (const phase of ["dnsUs", "connectUs", "tlsUs", "firstByteUs", "transferUs"] as const) {
    if (r.phases[phase] !== undefined) out[phase] = r.phases[phase];
  }
  if (r.tlsExpiresAt !== undefined) out.tlsExpiresAt = r.tlsExpiresAt;
  if (r.assertions.some((a) => !a.ok)) out.assertions = JSON.stringify(r.assertions);
  if (r.status !== "up" && r.response) {
    out.responseHeaders = capUtf8(r.response.headers, RESPONSE_HEADERS_MAX_BYTES);
    out.responseBody = capUtf8(r.response.body, RESPONSE_BODY_MAX_BYTES);
  }
  return out;
}

/** A hub answer that is not a success, with what to say about it. */
class HubError extends Error {
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Answers that refuse a batch for good: sending it again gets the same answer, so it is logged
 * and dropped (413: split first) and the results behind it flow. Everything else is retried
 * with backoff: the network, 5xx, 429, and 401/403/404 (a token or URL the operator fixes
 * without losing results).
 */
const PERMANENT_STATUSES = new Set([400, 413, 422]);

/**
 * The hub's answer to a stored batch, read leniently: a hub older than this probe may leave a
 * field out (recheck came later), and a 200 means stored whatever else it says.
 */
type HubAnswer = Partial<IngestOutcome>;
const hubAnswerSchema = ingestOutcomeSchema.partial();

/** Reasons logged per refused batch; the rest are counted. */
const REJECTIONS_LOGGED = 5;

/** Checks the assignments against the wire contract; throws in words when the hub sent something else. */
export function parseAssignments(body: unknown): Assignments {
  const parsed = assignmentsSchema.safeParse(body);
  if (!parsed.success) throw new Error(`assignments: ${wireProblem(parsed.error)}`);
  return parsed.data;
}

export class RemoteProbeRole {
  private readonly scheduler: Scheduler<Job>;
  private readonly policy = policyFromEnv();
  private readonly userAgent: string;
  private readonly hub: string;
  private outboxFile: Outbox | undefined;
  /** Results done but not yet in the outbox file. */
  private buffer: PushedResult[] = [];
  private flushing: Promise<void> | undefined;
  private timers: NodeJS.Timeout[] = [];
  private assignmentsTimer: NodeJS.Timeout | undefined;
  private haveAssignments = false;
  private stopped = false;
  private sender: Promise<void> | undefined;
  private wakeSender: (() => void) | undefined;
  private lastSentAt = 0;
  private hubDown = false;
  private regionWarned = false;
  /** Schedules and dates results: a step of this machine's wall clock moves neither (./steady-clock.ts). */
  private readonly clock = steadyClock();
  readonly stats = { checks: 0, sent: 0, batches: 0, duplicates: 0, sendErrors: 0, skipped: 0, lagMsMax: 0, rejected: 0, dropped: 0, secondOpinions: 0 };

  constructor(private readonly opts: RemoteProbeOptions) {
    this.hub = opts.hub.replace(/\/+$/, "");
    this.userAgent = `status-monitor/0.1 (region ${opts.region})`;
    this.scheduler = new Scheduler<Job>({
      concurrency: opts.concurrency ?? 200,
      now: this.clock,
      run: (job) => this.check(job),
      onStart: (job, lagMs) => {
        if (lagMs > this.stats.lagMsMax) this.stats.lagMsMax = lagMs;
        opts.onCheckStart?.(job.key, lagMs);
      },
      onSkip: () => void this.stats.skipped++,
    });
  }

  /** The outbox (open between start and stop). */
  get outbox(): Outbox {
    if (!this.outboxFile) throw new Error("the remote probe is not started");
    return this.outboxFile;
  }

  async start(): Promise<void> {
    this.outboxFile = await Outbox.open(this.opts.outboxPath);
    const waiting = await this.outboxFile.size();
    log.info("probe", `region ${this.opts.region}: push mode to ${this.hub}, outbox ${this.opts.outboxPath}${waiting ? ` (${waiting} results waiting from before)` : ""}`);
    // Leftovers go out even before the assignments arrive.
    this.sender = this.sendLoop();
    this.timers.push(setInterval(() => void this.flush(), this.opts.flushMs ?? 250));
    this.scheduler.start();
    await this.refreshAssignments();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timers.forEach(clearInterval);
    clearTimeout(this.assignmentsTimer);
    await this.scheduler.stop();
    await this.flush();
    this.wakeSender?.();
    await this.sender;
    // One last try, so that a clean stop leaves nothing behind when the hub is there.
    try {
      for (let batch = await this.outbox.nextBatch(); batch; batch = await this.outbox.nextBatch()) await this.deliver(batch);
    } catch (err) {
      log.warn("probe", `region ${this.opts.region}: stopping with results in the outbox, sent on the next start: ${(err as Error).message}`);
    }
    const left = await this.outbox.size().catch(() => 0);
    if (left > 0) log.info("probe", `region ${this.opts.region}: ${left} results wait in ${this.opts.outboxPath}`);
    this.outbox.close();
    this.outboxFile = undefined;
    await closeSharedBrowser().catch(() => {});
  }

  // --- assignments --------------------------------------------------------------------------

  private async refreshAssignments(): Promise<void> {
    if (this.stopped) return;
    try {
      const a = await this.fetchAssignments();
      if (a.region !== this.opts.region && !this.regionWarned) {
        this.regionWarned = true;
        log.warn("probe", `the hub says this token belongs to region ${a.region}, but this probe runs as ${this.opts.region}: results count for ${a.region}`);
      }
      this.applyAssignments(a);
      if (!this.haveAssignments) log.info("probe", `region ${this.opts.region}: ${this.scheduler.stats.jobs} monitors assigned by the hub`);
      this.haveAssignments = true;
    } catch (err) {
      const why = (err as Error).message;
      if (this.haveAssignments) log.warn("probe", `region ${this.opts.region}: could not refresh assignments, keeping the last list: ${why}`);
      else log.error("probe", `region ${this.opts.region}: no assignments yet, nothing to check until the hub answers (retrying): ${why}`);
    }
    if (this.stopped) return;
    const next = this.haveAssignments ? (this.opts.assignmentsMs ?? 30_000) : (this.opts.firstAssignmentsRetryMs ?? 3_000);
    this.assignmentsTimer = setTimeout(() => void this.refreshAssignments(), next);
    this.assignmentsTimer.unref?.();
  }

  private async fetchAssignments(): Promise<Assignments> {
    const res = await request(`${this.hub}/api/probe/assignments`, {
      method: "GET",
      headers: { authorization: `Bearer ${this.opts.token}`, "user-agent": this.userAgent },
      signal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 10_000),
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new HubError(res.statusCode, `GET assignments: ${describeStatus(res.statusCode, text)}`);
    return parseAssignments(JSON.parse(text));
  }

  private applyAssignments(a: Assignments): void {
    const known = (t: string): t is MonitorType => Object.hasOwn(CHECK_TYPES, t);
    const jobs: Job[] = [];
    for (const m of a.monitors) {
      if (!known(m.type)) {
        log.warn("probe", `monitor ${m.key}: check type ${m.type} is unknown to this probe (update it?), skipped`);
        continue;
      }
      if (!isProbed(m.type)) continue;
      jobs.push({ ...m, type: m.type, intervalMs: m.intervalS * 1000 });
    }
    const spacing: ScheduledJob[] = a.spacing.map((s) => ({ key: s.key, intervalMs: s.intervalS * 1000 }));
    this.scheduler.setJobs(jobs, spacing);
  }

  // --- checks -------------------------------------------------------------------------------

  private async check(job: Job): Promise<void> {
    const startedAt = this.clock();
    const result = { ...(await runCheck(job, { userAgent: this.userAgent, policy: this.policy })), startedAt };
    this.stats.checks++;
    if (log.enabled("debug")) {
      const line = checkLogLine(job.key, this.opts.region, result);
      log.debug("check", line.msg, line.fields);
    }
    // Screenshots stay here: the hub's ingest takes results only.
    this.buffer.push(toPushedResult(job.key, result));
    this.opts.onCheckDone?.(job.key, result);
  }

  /** Moves buffered results into the outbox file; on failure they stay buffered. */
  private flush(): Promise<void> {
    this.flushing ??= (async () => {
      const batch = this.buffer;
      if (batch.length === 0 || !this.outboxFile) return;
      this.buffer = [];
      try {
        await this.outboxFile.append(batch);
        this.wakeSender?.();
      } catch (err) {
        this.buffer = batch.concat(this.buffer);
        log.error("probe", `could not write ${batch.length} results to the outbox, will retry: ${(err as Error).message}`);
      }
    })().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  // --- sending ------------------------------------------------------------------------------

  /** Sends batches in order: at once while there is a backlog, with backoff while the hub fails. */
  private async sendLoop(): Promise<void> {
    const min = this.opts.retryMinMs ?? 1_000;
    const max = this.opts.retryMaxMs ?? 60_000;
    const idleBeatMs = this.opts.idleBeatMs ?? 10_000;
    let backoff = 0;
    while (!this.stopped) {
      let wait: number;
      try {
        const batch = await this.outbox.nextBatch(MAX_RESULTS_PER_BATCH);
        if (batch) {
          await this.deliver(batch);
          wait = 0; // maybe more waiting: go again
        } else {
          if (this.clock() - this.lastSentAt >= idleBeatMs) await this.post({ batchId: newBatchId(), results: [] });
          wait = Math.max(50, Math.min(idleBeatMs, this.lastSentAt + idleBeatMs - this.clock()));
        }
        if (this.hubDown) {
          log.info("probe", `region ${this.opts.region}: hub reachable again`);
          this.hubDown = false;
        }
        backoff = 0;
      } catch (err) {
        this.stats.sendErrors++;
        backoff = backoff ? Math.min(max, backoff * 2) : min;
        wait = backoff;
        this.hubDown = true;
        const status = err instanceof HubError ? err.status : undefined;
        const pending = await this.outbox.size().catch(() => NaN);
        const msg = `region ${this.opts.region}: ${(err as Error).message}; ${pending} results in the outbox, retrying in ${backoff < 1000 ? `${backoff} ms` : `${Math.round(backoff / 1000)} s`}`;
        if (status === 401) log.error("probe", `the hub rejected the probe token (revoked? wrong region?): ${msg}`);
        else log.warn("probe", msg);
      }
      if (wait > 0 && !this.stopped) await this.sleep(wait);
    }
  }

  /** Waits `ms`, or less when woken (new results, stop). */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      const self = this;
      function done() {
        clearTimeout(t);
        if (self.wakeSender === done) self.wakeSender = undefined;
        resolve();
      }
      // A wake-up during backoff must not cut the backoff short: only stop does.
      this.wakeSender = this.hubDown ? () => this.stopped && done() : done;
    });
  }

  /**
   * Sends one outbox batch and takes it out of the outbox once the hub has stored it, had it
   * already, or refused it for good (logged with the hub's reason: never resent, so it cannot
   * hold up the results behind it). A batch too large for the hub is split and stays. Throws
   * only what is worth retrying.
   */
  private async deliver(batch: PushedBatch): Promise<void> {
    const region = this.opts.region;
    try {
      const answer = await this.post(batch);
      this.logRejections(batch, answer.rejected);
    } catch (err) {
      if (!(err instanceof HubError) || err.status === undefined || !PERMANENT_STATUSES.has(err.status)) throw err;
      if (err.status === 413 && batch.results.length > 1) {
        const kept = Math.ceil(batch.results.length / 2);
        await this.outbox.split(batch.batchId, kept);
        log.warn("probe", `region ${region}: the hub refused batch ${batch.batchId} as too large (${err.message}): split into ${kept} + ${batch.results.length - kept} results`);
        return;
      }
      this.stats.dropped += batch.results.length;
      log.error("probe", `region ${region}: the hub refused batch ${batch.batchId} of ${batch.results.length} results for good, dropped so that later results flow: ${err.message}`);
    }
    await this.outbox.acknowledge(batch.batchId);
  }

  /** Logs the results the hub stored the rest of a batch without (they are not resent). */
  private logRejections(batch: PushedBatch, rejected: HubAnswer["rejected"]): void {
    if (!rejected || rejected.length === 0) return;
    this.stats.rejected += rejected.length;
    const shown = rejected.slice(0, REJECTIONS_LOGGED).map((r) => `#${r.index} ${r.monitorKey}: ${r.reason.slice(0, 300)}`);
    const more = rejected.length > REJECTIONS_LOGGED ? `; and ${rejected.length - REJECTIONS_LOGGED} more` : "";
    log.warn("probe", `region ${this.opts.region}: the hub refused ${rejected.length} of ${batch.results.length} results in batch ${batch.batchId} (not resent): ${shown.join("; ")}${more}`);
  }

  /** Posts one batch; resolves with the hub's answer when it has stored it (or had it already). */
  private async post(batch: PushedBatch): Promise<HubAnswer> {
    let res;
    try {
      res = await request(`${this.hub}/api/probe/results`, {
        method: "POST",
        headers: { authorization: `Bearer ${this.opts.token}`, "content-type": "application/json", "user-agent": this.userAgent },
        body: JSON.stringify(batch),
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 10_000),
      });
    } catch (err) {
      const e = err as Error & { code?: string; cause?: { code?: string } };
      throw new HubError(undefined, `hub unreachable: ${e.code ?? e.cause?.code ?? e.name}: ${e.message}`);
    }
    const text = await res.body.text().catch(() => "");
    if (res.statusCode !== 200) throw new HubError(res.statusCode, `POST results: ${describeStatus(res.statusCode, text)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new HubError(res.statusCode, `POST results: 200 without JSON: ${text.slice(0, 200)}`);
    }
    this.lastSentAt = this.clock();
    const parsed = hubAnswerSchema.safeParse(json);
    if (!parsed.success) log.warn("probe", `region ${this.opts.region}: the hub stored batch ${batch.batchId} but its answer is not understood (${wireProblem(parsed.error)})`);
    const answer: HubAnswer = parsed.success ? parsed.data : {};
    // Second opinion: every answer (idle beats too) names the monitors to re-check now; the
    // scheduler keeps it to one early check per monitor per interval.
    for (const key of answer.recheck ?? []) if (this.scheduler.runSoon(key)) this.stats.secondOpinions++;
    if (batch.results.length === 0) return answer;
    this.stats.batches++;
    this.stats.sent += batch.results.length;
    if (answer.duplicate === true) {
      this.stats.duplicates++;
      log.info("probe", `region ${this.opts.region}: batch ${batch.batchId} was already stored by the hub (resent after a lost answer)`);
    }
    return answer;
  }
}

function describeStatus(status: number, text: string): string {
  let error = text.slice(0, 300);
  try {
    const j = JSON.parse(text) as { error?: unknown };
    if (typeof j.error === "string") error = j.error;
  } catch {
    // not JSON: the text as is
  }
  return `${status}${error ? ` ${error}` : ""}`;
}
