/**
 * The worker alone, without the app: `npm run worker -- --role probe --region eu-west`.
 * (`npm start` runs the app and both roles together.)
 */
import { parseArgs } from "node:util";
import { openDb, databaseUrl } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { DEFAULT_REGION } from "../lib/regions/store";
import { keepRunningOnStrayErrors } from "./guard";
import { log } from "./log";
import { startRoles, type RoleName } from "./roles";

const { values } = parseArgs({
  options: {
    role: { type: "string", default: "all" },
    region: { type: "string", default: process.env.WORKER_REGION || DEFAULT_REGION },
  },
});

const role = values.role as RoleName;
if (!["probe", "coordinator", "all"].includes(role)) {
  console.error(`--role must be probe, coordinator or all, got "${values.role}"`);
  process.exit(2);
}
if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(values.region!)) {
  console.error(`--region must be lowercase letters, digits and dashes (like eu-west), got "${values.region}"`);
  process.exit(2);
}

keepRunningOnStrayErrors();
const db = await openDb();
await runMigrations(db);
const roles = await startRoles(db, role, values.region!);
log.info("worker", `role ${role}, region ${values.region}, database ${databaseUrl()}`);

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
