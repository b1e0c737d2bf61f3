import type { Db } from "../lib/db/client";
import { CoordinatorRole } from "./coordinator";
import { ProbeRole } from "./probe";
import { parseDurationMs } from "../lib/config/units";

/** REGION_SILENT_AFTER (e.g. "3m"): how long a probe region may be silent before it raises an alert. */
export function regionSilentAfterFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const text = env.REGION_SILENT_AFTER;
  if (!text) return undefined;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms < 1_000) throw new Error(`REGION_SILENT_AFTER must be a duration of at least 1s such as "3m" or "90s", got "${text}"`);
  return ms;
}

export type RoleName = "probe" | "coordinator" | "all";

export interface RunningRoles {
  probe?: ProbeRole;
  coordinator?: CoordinatorRole;
  stop(): Promise<void>;
}

/** Starts the requested worker roles on one database. */
export async function startRoles(db: Db, role: RoleName, region: string): Promise<RunningRoles> {
  const probe = role === "probe" || role === "all" ? new ProbeRole({ db, region }) : undefined;
  const coordinator = role === "coordinator" || role === "all" ? new CoordinatorRole({ db, regionSilentAfterMs: regionSilentAfterFromEnv() }) : undefined;
  await probe?.start();
  coordinator?.start();
  return {
    probe,
    coordinator,
    async stop() {
      await Promise.all([probe?.stop(), coordinator?.stop()]);
    },
  };
}
