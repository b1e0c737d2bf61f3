/** Child processes (tsx compiles the CLI each time, ~10 s here): in the system project. */
import { spawnSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../lib/db/test-db";
import { listAudit } from "../lib/audit/log";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import type { Db } from "../lib/db/client";

const HOOK_SECRET = "whsec_Y2xpLXRlc3Qtc2lnbmluZy1zZWNyZXQta2V5";
const CONFIG = `page:
  name: CLI test
components:
  - key: api
    name: API
monitors:
  - key: api-health
    name: API health
    type: http
    component: api
    url: http://127.0.0.1:9/health
channels:
  - key: ops-hook
    type: webhook
    url: http://127.0.0.1:9/hook
    secret: ${HOOK_SECRET}
`;

let db: Db;
let url: string;
let dir: string;
let cleanup: () => void;
beforeEach(async () => {
  ({ db, url, cleanup } = await createTestDb());
  dir = url.slice("file:".length).replace(/\/test\.db$/, "");
  await applyConfig(db, parseConfig(CONFIG, {}));
});
afterEach(() => cleanup());

/** `npm run config -- <args>` as a child process against the test database. */
function cli(args: string[], env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ["--import", "tsx", "worker/config-cli.ts", ...args], {
    encoding: "utf8",
    timeout: 90_000,
    env: { ...process.env, DATABASE_URL: url, PUBLIC_URL: "https://status.example.com", ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("npm run config", () => {
  it("export writes the YAML to stdout without secrets, names the variables to set on stderr, and is audited", async () => {
    const { code, stdout, stderr } = cli(["export"]);
    expect(stderr).toContain("set CHANNEL_OPS_HOOK_SECRET where this file is loaded");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# status\.config\.yaml exported from https:\/\/status\.example\.com at /);
    expect(stdout).not.toContain(HOOK_SECRET);
    const config = parseConfig(stdout, { CHANNEL_OPS_HOOK_SECRET: HOOK_SECRET });
    expect(config.monitors.map((m) => m.key)).toEqual(["api-health"]);
    expect(config.channels[0].settings.secret).toBe(HOOK_SECRET);
    const { entries } = await listAudit(db, { entity: "config" });
    expect(entries).toEqual([expect.objectContaining({ action: "config.export", source: "system", after: expect.objectContaining({ monitors: 1, channels: 1, channelCredentials: "environment references" }) })]);
    expect(JSON.stringify(entries)).not.toContain(HOOK_SECRET);
  });

  it("export --out --include-secrets writes a private file with the secrets; check accepts it", () => {
    const out = join(dir, "backup.yaml");
    const { code, stdout, stderr } = cli(["export", "--out", out, "--include-secrets"]);
    expect(code).toBe(0);
    expect(stdout).toBe("");
    expect(stderr).toContain(`wrote ${out}`);
    expect(readFileSync(out, "utf8")).toContain(`secret: ${HOOK_SECRET}`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const check = cli(["check", out]);
    expect(check.stdout).toContain(`${out} is valid: 0 groups, 1 component, 1 monitor, 1 channel, 0 escalation policies`);
    expect(check.code).toBe(0);
  });

  it("check prints every problem with its line and exits 1", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, "page:\n  name: Bad\nmonitors:\n  - key: api\n    name: API\n    type: http\n    interval: 2s\n    url: http://127.0.0.1:9/\n    colour: red\n");
    const { code, stderr } = cli(["check", bad]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${bad}: 2 problems`);
    expect(stderr).toContain("monitors[0].interval: must be at least 10s, got 2s (line 7)");
    expect(stderr).toContain('monitors[0].colour: unknown field; expected one of:');
  });

  it("refuses a missing database and wrong usage", () => {
    const missing = cli(["export"], { DATABASE_URL: `file:${join(dir, "nowhere.db")}` });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("there is no database at");
    const wrong = cli(["export", "--bogus"]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("usage: npm run config -- export");
  });
});
