import type { Server } from "node:http";
import { databaseFile, databaseUrl, type Db } from "../lib/db/client";
import { CoordinatorRole } from "./coordinator";
import { ProbeRole } from "./probe";
import { regionSilentAfterMs } from "../lib/alerts/store";
import { backupDir } from "../lib/backup/backup";
import { registerDatabaseGauges } from "../lib/metrics/registry";
import { metricsOptionsFrom, startMetricsServer } from "../lib/metrics/server";
import { log } from "./log";

export type RoleName = "probe" | "coordinator" | "all";

export interface RunningRoles {
  probe?: ProbeRole;
  coordinator?: CoordinatorRole;
  /** The /metrics listener, when METRICS_PORT is set. */
  metrics?: Server;
  stop(): Promise<void>;
}

/** Starts the requested worker roles on one database, and /metrics when METRICS_PORT says where. */
export async function startRoles(db: Db, role: RoleName, region: string, env: NodeJS.ProcessEnv = process.env): Promise<RunningRoles> {
  const metricsOptions = metricsOptionsFrom(env);
  const probe = role === "probe" || role === "all" ? new ProbeRole({ db, region }) : undefined;
  const coordinator = role === "coordinator" || role === "all" ? new CoordinatorRole({ db, regionSilentAfterMs: regionSilentAfterMs() }) : undefined;
  await probe?.start();
  coordinator?.start();
  let metrics: Server | undefined;
  if (metricsOptions) {
    registerDatabaseGauges(db, { isLeader: () => coordinator?.isLeader ?? false, backupDir: databaseFile(databaseUrl(env)) ? backupDir(env) : null });
    metrics = await startMetricsServer(metricsOptions);
    const address = metrics.address();
    log.info("metrics", `Prometheus metrics on http://${metricsOptions.host}:${typeof address === "object" && address ? address.port : metricsOptions.port}/metrics${metricsOptions.token ? " (bearer token required)" : ""}`);
  }
  return {
    probe,
    coordinator,
    metrics,
    async stop() {
      await new Promise<void>((resolve) => (metrics ? metrics.close(() => resolve()) : resolve()));
      await Promise.all([probe?.stop(), coordinator?.stop()]);
    },
  };
}
