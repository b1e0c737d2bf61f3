import { DatabaseAccessError } from "../lib/db/access";
import { log } from "./log";

/**
 * A monitor must not die of one bad moment: an error that escapes every handler is logged with
 * its stack and the worker goes on (each role's loop restarts itself on its next tick).
 * Installed once start-up is done: a start-up that fails must stop, not "continue" into an exit 0.
 */
export function keepRunningOnStrayErrors(): void {
  process.on("unhandledRejection", (reason) => {
    log.error("worker", `unhandled rejection (continuing): ${(reason as Error)?.stack ?? String(reason)}`);
  });
  process.on("uncaughtException", (err) => {
    log.error("worker", `uncaught exception (continuing): ${err.stack ?? String(err)}`);
  });
}

/** The hint every entry that reads DATABASE_URL gives when the database cannot be written. */
export const DATABASE_ELSEWHERE = "set DATABASE_URL to a writable location";

/**
 * Ends a start-up that cannot go on, never with exit code 0: a known cause (a database that
 * cannot be written) as its one-line message saying what to change (exit 2), anything else with
 * its stack (exit 1).
 */
export function exitOnStartupError(err: unknown): never {
  if (err instanceof DatabaseAccessError) {
    console.error(`Cannot start: ${err.message}`);
    process.exit(2);
  }
  console.error(`Cannot start: ${(err as Error)?.stack ?? String(err)}`);
  process.exit(1);
}
