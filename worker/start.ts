/**
 * `npm start`: migrate, load status.config.yaml, serve the demo target, start the Next.js app
 * and the worker (probe + coordinator) on one machine, on the embedded SQLite file by default.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, watchFile } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { databaseUrl } from "../lib/db/client";
import { openMigratedDb } from "../lib/db/migrate";
import { ConfigError, configFilePath, loadConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { clearConfigError, recordConfigError } from "../lib/settings/config-error";
import { DEFAULT_REGION } from "../lib/regions/store";
import { startDemoTarget } from "./demo-target";
import { DATABASE_ELSEWHERE, exitOnStartupError, keepRunningOnStrayErrors } from "./guard";
import { log } from "./log";
import { startRoles } from "./roles";

const { values } = parseArgs({ options: { dev: { type: "boolean", default: false } } });

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";
const configPath = resolve(configFilePath());
// Resolve a relative file: URL once, so the app and the worker open the same file.
const dbUrl = databaseUrl().replace(/^file:(?!\/)(.+)$/, (_m, p: string) => `file:${resolve(p)}`);
process.env.DATABASE_URL = dbUrl;

if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a number from 1 to 65535, got "${process.env.PORT}"`);
  process.exit(2);
}
if (!values.dev && !existsSync(resolve(".next", "BUILD_ID"))) {
  console.error("The app is not built yet: run `npm run build` first (or `npm run dev` for development).");
  process.exit(2);
}

const db = await openMigratedDb(dbUrl, { elsewhere: DATABASE_ELSEWHERE }).catch(exitOnStartupError);

const demo = await startDemoTarget();
process.env.APP_URL ||= `http://127.0.0.1:${port}`;
process.env.DEMO_TARGET_URL ||= demo.url;
process.env.DEMO_TARGET_PORT ||= new URL(demo.url).port;

/** Applies the file; an invalid one is logged and kept for the dashboard (lib/settings/config-error.ts) until fixed. */
async function syncConfig(): Promise<boolean> {
  try {
    const config = await loadConfig(configPath, process.env);
    const summary = await applyConfig(db, config);
    log.info("config", `${configPath}: ${JSON.stringify(summary)}`);
    await clearConfigError(db);
    return true;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${configPath} is not valid:\n${err.message}`);
      await recordConfigError(db, configPath, err.message).catch((e) => log.error("config", `could not store the error for the dashboard: ${(e as Error).message}`));
      return false;
    }
    throw err;
  }
}

if (!existsSync(configPath)) {
  console.error(`No config file at ${configPath}: create one (see status.config.yaml in the repository) or set STATUS_CONFIG.`);
  process.exit(2);
}
if (!(await syncConfig())) process.exit(1);
// Edits to the config file apply while running; an invalid edit is reported and ignored.
watchFile(configPath, { interval: 2_000 }, () => void syncConfig());

// From here on the product runs: a stray error is logged, not fatal.
keepRunningOnStrayErrors();
// The app runs in worker/app-server.ts (Next behind our listener): it trusts forwarded headers only
// from TRUST_PROXY, and its IPC channel makes it exit when this process dies, even by SIGKILL.
const appEntry = fileURLToPath(new URL(values.dev ? "./app-server.ts" : "./app-server.mjs", import.meta.url));
const app: ChildProcess = spawn(process.execPath, [...(values.dev ? process.execArgv : []), appEntry, ...(values.dev ? ["--dev"] : [])], {
  stdio: ["ignore", "inherit", "inherit", "ipc"],
  env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), HOST: host, NODE_ENV: values.dev ? "development" : "production" },
});

const roles = await startRoles(db, "all", process.env.WORKER_REGION || DEFAULT_REGION);
log.info("start", `status page on http://localhost:${port} (database ${dbUrl}, demo target ${demo.url})`);

let stopping = false;
async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  app.kill("SIGTERM");
  await roles.stop().catch(() => {});
  await demo.close();
  process.exit(code);
}
app.on("exit", (code) => {
  if (!stopping) {
    log.error("start", `the app exited (code ${code}); stopping`);
    void shutdown(code ?? 1);
  }
});
process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
