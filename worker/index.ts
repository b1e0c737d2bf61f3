/**
 * The worker alone, without the app: `npm run worker -- --role probe --region eu-west`.
 * (`npm start` runs the app and both roles together.)
 * Push mode, a probe without database access that reports to the app:
 * `PROBE_TOKEN=… npm run worker -- --role probe --region eu-west --hub https://status.example.com`.
 */
import { parseArgs } from "node:util";
import { databaseUrl } from "../lib/db/client";
import { openMigratedDb } from "../lib/db/migrate";
import { isRegionName, REGION_NAME_RULE } from "../lib/regions/name";
import { DEFAULT_REGION } from "../lib/regions/store";
import { DATABASE_ELSEWHERE, exitOnStartupError, keepRunningOnStrayErrors } from "./guard";
import { log } from "./log";
import { RemoteProbeRole } from "./remote-probe";
import { startRoles, type RoleName } from "./roles";

const { values } = parseArgs({
  options: {
    role: { type: "string", default: "all" },
    region: { type: "string", default: process.env.WORKER_REGION || DEFAULT_REGION },
    /** Push mode: the app's base URL; results go there instead of into a database. */
    hub: { type: "string" },
    /** The region's probe token for the hub (or PROBE_TOKEN, which stays out of `ps`). */
    token: { type: "string" },
    /** Push mode's local outbox file (default ./data/outbox-<region>.db). */
    outbox: { type: "string" },
  },
});

const role = values.role as RoleName;
if (!["probe", "coordinator", "all"].includes(role)) {
  console.error(`--role must be probe, coordinator or all, got "${values.role}"`);
  process.exit(2);
}
if (!isRegionName(values.region!)) {
  console.error(`--region must be ${REGION_NAME_RULE}, got "${values.region}"`);
  process.exit(2);
}

let hub: string | undefined;
if (values.hub !== undefined) {
  if (role !== "probe") {
    console.error(`--hub runs a push-mode probe: use it with --role probe (got --role ${role})`);
    process.exit(2);
  }
  let url: URL | undefined;
  try {
    url = new URL(values.hub);
  } catch {
    // reported below
  }
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.username || url.password || url.search || url.hash) {
    console.error(`--hub must be the app's http:// or https:// base URL without credentials or query (like https://status.example.com), got "${values.hub}"`);
    process.exit(2);
  }
  hub = url.href;
  if (!(values.token ?? process.env.PROBE_TOKEN)?.trim()) {
    console.error("--hub needs the region's probe token: set PROBE_TOKEN (or pass --token)");
    process.exit(2);
  }
} else if (values.token !== undefined || values.outbox !== undefined) {
  console.error("--token and --outbox belong to push mode: add --hub <url>");
  process.exit(2);
}

let roles: { stop(): Promise<void> };
if (hub) {
  const outboxPath = values.outbox ?? `./data/outbox-${values.region}.db`;
  const probe = new RemoteProbeRole({ hub, token: (values.token ?? process.env.PROBE_TOKEN)!.trim(), region: values.region!, outboxPath });
  await probe.start();
  roles = probe;
  log.info("worker", `role probe (push mode), region ${values.region}, hub ${hub}, outbox ${outboxPath}`);
} else {
  const db = await openMigratedDb(databaseUrl(), { elsewhere: DATABASE_ELSEWHERE }).catch(exitOnStartupError);
  roles = await startRoles(db, role, values.region!);
  log.info("worker", `role ${role}, region ${values.region}, database ${databaseUrl()}`);
}
// Started: from here on a stray error is logged, not fatal.
keepRunningOnStrayErrors();

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    log.info("worker", `${signal}: stopping`);
    await roles.stop();
    process.exit(0);
  });
}
