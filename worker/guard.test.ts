import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("keepRunningOnStrayErrors", () => {
  it("logs a stray exception and rejection and keeps the process alive", () => {
    const script = `
      import { keepRunningOnStrayErrors } from "./worker/guard.ts";
      keepRunningOnStrayErrors();
      setTimeout(() => { throw new Error("boom in a timer"); }, 10);
      setTimeout(() => { Promise.reject(new Error("lost promise")); }, 20);
      setTimeout(() => { console.log("still alive"); }, 100);
    `;
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe("still alive");
    expect(run.stderr).toMatch(/uncaught exception \(continuing\): Error: boom in a timer/);
    expect(run.stderr).toMatch(/unhandled rejection \(continuing\): Error: lost promise/);
  });
});
