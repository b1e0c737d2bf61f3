import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, log, logSettingsFrom } from "./log";

const capture = () => {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
};

describe("worker logs", () => {
  it("are JSON lines with the scope and extra fields when not on a terminal; below the level is dropped", () => {
    const out = capture();
    const logger = createLogger(logSettingsFrom({ LOG_LEVEL: "warn" }, false), out.stream);
    logger.info({ scope: "probe" }, "not shown");
    logger.warn({ scope: "state", monitor: "api" }, "api: operational → down: timeout");
    const lines = out.text().trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, scope: "state", monitor: "api", msg: "api: operational → down: timeout", pid: process.pid });
    expect(typeof lines[0].time).toBe("number");
  });

  it("are one readable line each on a terminal, or when LOG_FORMAT=pretty", () => {
    expect(logSettingsFrom({}, true)).toEqual({ level: "info", format: "pretty" });
    expect(logSettingsFrom({ LOG_FORMAT: "json" }, true)).toEqual({ level: "info", format: "json" });
    const out = capture();
    createLogger(logSettingsFrom({ LOG_FORMAT: "pretty" }, false), out.stream).info({ scope: "probe" }, "region local: started");
    expect(out.text()).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: probe: region local: started\n$/);
  });

  it("a wrong LOG_LEVEL or LOG_FORMAT names the choices", () => {
    expect(() => logSettingsFrom({ LOG_LEVEL: "loud" }, false)).toThrow('LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent, got "loud"');
    expect(() => logSettingsFrom({ LOG_FORMAT: "xml" }, false)).toThrow('LOG_FORMAT must be json or pretty, got "xml"');
  });

  it("say whether a level is on, so a per-check line costs nothing at the default level", () => {
    expect(process.env.LOG_LEVEL ?? "info").toBe("info");
    expect([log.enabled("debug"), log.enabled("info"), log.enabled("error")]).toEqual([false, true, true]);
  });
});
