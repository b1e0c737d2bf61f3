/**
 * The worker's own metrics in Prometheus' format (prom-client): what it did, counted where it
 * happens (checks, scheduling lag, result writes, deliveries), and what the database says at
 * scrape time (queues, the coordinator lease, backup age). One registry per process; the worker
 * serves it on a private listener (lib/metrics/server.ts).
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import type { Db } from "../db/client";
import { listBackups } from "../backup/backup";
import { RESULTS_CURSOR, ROLLUPS_CURSOR } from "../db/cursors";

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: "status_" });

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const checksRun = new Counter({
  name: "status_checks_total",
  help: "Checks run by this worker, by check type, region and result status.",
  labelNames: ["type", "region", "status"] as const,
  registers: [registry],
});

export const checkDuration = new Histogram({
  name: "status_check_duration_seconds",
  help: "Time a check took, by check type.",
  labelNames: ["type"] as const,
  buckets: seconds,
  registers: [registry],
});

export const schedulerLag = new Histogram({
  name: "status_scheduler_lag_seconds",
  help: "How late a check started after its due time.",
  buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
  registers: [registry],
});

export const dbWriteDuration = new Histogram({
  name: "status_db_write_seconds",
  help: "Time to write a batch of results to the database.",
  buckets: seconds,
  registers: [registry],
});

export const resultWriteErrors = new Counter({
  name: "status_result_write_errors_total",
  help: "Result batches that could not be written (kept and retried).",
  registers: [registry],
});

export const deliveries = new Counter({
  name: "status_notification_deliveries_total",
  help: "Notification delivery attempts, by channel type and outcome (delivered, retry, dead).",
  labelNames: ["channel_type", "outcome"] as const,
  registers: [registry],
});

/** Read from the database when scraped. */
export function registerDatabaseGauges(db: Db, opts: { isLeader: () => boolean; backupDir: string | null }): void {
  registry.removeSingleMetric("status_outbox_pending");
  registry.removeSingleMetric("status_results_unprocessed");
  registry.removeSingleMetric("status_results_unrolled");
  registry.removeSingleMetric("status_coordinator_leader");
  registry.removeSingleMetric("status_backup_age_seconds");
  new Gauge({
    name: "status_outbox_pending",
    help: "Notifications waiting to be delivered.",
    registers: [registry],
    async collect() {
      const res = await db.$client.execute("SELECT count(*) FROM notification_outbox WHERE status = 'pending'");
      this.set(Number(res.rows[0][0]));
    },
  });
  const behind = async (cursor: string) => {
    const res = await db.$client.execute({
      sql: "SELECT (SELECT coalesce(max(id), 0) FROM check_results) - coalesce((SELECT position FROM cursors WHERE name = ?), 0)",
      args: [cursor],
    });
    return Math.max(0, Number(res.rows[0][0]));
  };
  new Gauge({
    name: "status_results_unprocessed",
    help: "Results written by probes and not yet folded into state by the coordinator.",
    registers: [registry],
    async collect() {
      this.set(await behind(RESULTS_CURSOR));
    },
  });
  new Gauge({
    name: "status_results_unrolled",
    help: "Results not yet folded into the hourly and daily rollups (a pass runs every ROLLUP_FOLD_EVERY_MS, 5 minutes: that much is normal).",
    registers: [registry],
    async collect() {
      this.set(await behind(ROLLUPS_CURSOR));
    },
  });
  new Gauge({
    name: "status_coordinator_leader",
    help: "1 when this process holds the coordinator lease.",
    registers: [registry],
    collect() {
      this.set(opts.isLeader() ? 1 : 0);
    },
  });
  if (opts.backupDir) {
    const dir = opts.backupDir;
    new Gauge({
      name: "status_backup_age_seconds",
      help: "Age of the newest verified backup; absent when there is none.",
      registers: [registry],
      collect() {
        const newest = listBackups(dir)[0];
        if (newest) this.set((Date.now() - newest.at) / 1000);
        else this.reset();
      },
    });
  }
}
