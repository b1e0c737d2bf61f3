/**
 * The config file from the command line, against DATABASE_URL:
 *   npm run config -- export [--out FILE] [--include-secrets]   the database's config as YAML (stdout without --out)
 *   npm run config -- check [FILE]                              validates a file (default: STATUS_CONFIG or status.config.yaml)
 * Exit codes: 0 done, 1 the file has problems (or the export failed), 2 wrong usage.
 */
import { existsSync, writeFileSync } from "node:fs";
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { databaseFile, databaseUrl, openDb } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { exportConfig } from "../lib/config/export";
import { ConfigError, configFilePath, loadConfig } from "../lib/config/load";

const USAGE = "usage: npm run config -- export [--out FILE] [--include-secrets] | check [FILE]";
const [command, ...rest] = process.argv.slice(2);

switch (command) {
  case "export":
    await runExport(rest);
    break;
  case "check":
    await runCheck(rest);
    break;
  default:
    usage(command ? `unknown command "${command}"` : "which command?");
}

async function runExport(args: string[]) {
  let values: { out?: string; "include-secrets"?: boolean };
  try {
    ({ values } = parseArgs({ args, options: { out: { type: "string" }, "include-secrets": { type: "boolean" } }, strict: true }));
  } catch (err) {
    usage((err as Error).message);
  }
  const url = databaseUrl();
  const file = databaseFile(url);
  if (file && !existsSync(file)) fail(`there is no database at ${file}: set DATABASE_URL to the instance's database (file:/path/to/status.db)`);
  const db = await openDb(url);
  try {
    await runMigrations(db);
    const includeSecrets = values["include-secrets"] === true;
    const result = await exportConfig(db, {
      instance: process.env.PUBLIC_URL?.trim() || url,
      exportedBy: `${userInfo().username} (npm run config)`,
      includeSecrets,
      actor: { userId: null, label: `npm run config export (${userInfo().username})`, source: "system" },
    });
    // With secrets in plain text the file is for its owner's eyes only.
    if (values.out) writeFileSync(values.out, result.yaml, { mode: includeSecrets ? 0o600 : 0o644 });
    else process.stdout.write(result.yaml);
    for (const warning of result.warnings) console.error(`warning: ${warning}`);
    if (values.out) console.error(`wrote ${values.out}`);
    if (includeSecrets) console.error("channel secrets are written in plain text: keep the file private");
    else if (result.secretEnv.length) console.error(`channel secrets are read from the environment: set ${result.secretEnv.join(", ")} where this file is loaded`);
  } finally {
    db.$client.close();
  }
}

async function runCheck(args: string[]) {
  if (args.length > 1) usage("check takes at most one file");
  const path = args[0] ?? configFilePath();
  try {
    const config = await loadConfig(path);
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
    console.log(`${path} is valid: ${count(config.groups.length, "group")}, ${count(config.components.length, "component")}, ${count(config.monitors.length, "monitor")}, ${count(config.channels.length, "channel")}, ${count(config.escalation.length, "escalation policy").replace(/policys$/, "policies")}`);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`${err.sourceName}: ${err.issues.length} problem${err.issues.length === 1 ? "" : "s"}\n${err.message}`);
    process.exit(1);
  }
}

function fail(problem: string): never {
  console.error(problem);
  process.exit(1);
}

function usage(problem: string): never {
  console.error(`${problem}\n${USAGE}`);
  process.exit(2);
}
