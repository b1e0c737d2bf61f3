import type { Db } from "../lib/db/client";
import { CoordinatorRole } from "./coordinator";
import { ProbeRole } from "./probe";
import { regionSilentAfterMs } from "../lib/alerts/store";

export type RoleName = "probe" | "coordinator" | "all";

export interface RunningRoles {
  probe?: ProbeRole;
  coordinator?: CoordinatorRole;
  stop(): Promise<void>;
}

/** Starts the requested worker roles on one database. */
export async function startRoles(db: Db, role: RoleName, region: string): Promise<RunningRoles> {
  const probe = role === "probe" || role === "all" ? new ProbeRole({ db, region }) : undefined;
  const coordinator = role === "coordinator" || role === "all" ? new CoordinatorRole({ db, regionSilentAfterMs: regionSilentAfterMs() }) : undefined;
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
