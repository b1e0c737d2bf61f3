/**
 * The worker's logs (pino): JSON lines on stderr (`{"level":30,"time":…,"scope":"probe","msg":…}`)
 * for log collectors, or one readable line each when stderr is a terminal (pino-pretty), or as
 * LOG_FORMAT says (json | pretty). LOG_LEVEL: trace, debug, info (default), warn, error, fatal
 * or silent. Extra fields (a monitor's key, a request id) go beside the message.
 */
import pino, { type Level, type Logger } from "pino";
import pretty from "pino-pretty";

const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

export interface LogSettings {
  level: (typeof LEVELS)[number];
  format: "json" | "pretty";
}

/** LOG_LEVEL and LOG_FORMAT; a wrong value is a clear error naming the choices. */
export function logSettingsFrom(env: Readonly<Record<string, string | undefined>>, isTty: boolean): LogSettings {
  const level = (env.LOG_LEVEL?.trim().toLowerCase() || "info") as LogSettings["level"];
  if (!LEVELS.includes(level)) throw new Error(`LOG_LEVEL must be one of ${LEVELS.join(", ")}, got "${env.LOG_LEVEL}"`);
  const format = env.LOG_FORMAT?.trim().toLowerCase() || (isTty ? "pretty" : "json");
  if (format !== "json" && format !== "pretty") throw new Error(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);
  return { level, format };
}

export function createLogger(settings: LogSettings, destination: NodeJS.WritableStream | number = 2): Logger {
  if (settings.format === "pretty") {
    const stream = pretty({ destination: destination as never, sync: true, colorize: typeof destination === "number" && process.stderr.isTTY, ignore: "pid,hostname,scope", messageFormat: "{scope}: {msg}", translateTime: "SYS:HH:MM:ss.l" });
    return pino({ level: settings.level }, stream);
  }
  const stream = typeof destination === "number" ? pino.destination({ fd: destination, sync: true }) : destination;
  return pino({ level: settings.level, base: { pid: process.pid } }, stream);
}

let logger: Logger;
try {
  logger = createLogger(logSettingsFrom(process.env, Boolean(process.stderr.isTTY)));
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}

type Fields = Record<string, unknown>;
const at = (level: Level) => (scope: string, message: string, fields?: Fields) => logger[level]({ scope, ...fields }, message);

export const log = {
  /** Whether a level is logged: guards a line that costs something to build (one per check). */
  enabled: (level: Level) => logger.isLevelEnabled(level),
  debug: at("debug"),
  info: at("info"),
  warn: at("warn"),
  error: at("error"),
};
