import { log } from "./log";

/**
 * A monitor must not die of one bad moment: an error that escapes every handler is logged with
 * its stack and the worker goes on (each role's loop restarts itself on its next tick).
 */
export function keepRunningOnStrayErrors(): void {
  process.on("unhandledRejection", (reason) => {
    log.error("worker", `unhandled rejection (continuing): ${(reason as Error)?.stack ?? String(reason)}`);
  });
  process.on("uncaughtException", (err) => {
    log.error("worker", `uncaught exception (continuing): ${err.stack ?? String(err)}`);
  });
}
