/** One-line, timestamped logs on stderr: "2026-11-26T05:40:00Z probe: region local: started". */
function write(level: string, scope: string, message: string) {
  const line = `${new Date().toISOString()} ${level === "info" ? "" : level.toUpperCase() + " "}${scope}: ${message}\n`;
  process.stderr.write(line);
}

export const log = {
  info: (scope: string, message: string) => write("info", scope, message),
  warn: (scope: string, message: string) => write("warn", scope, message),
  error: (scope: string, message: string) => write("error", scope, message),
};
