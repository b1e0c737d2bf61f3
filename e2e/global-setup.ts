import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startMailbox } from "./mailbox";
import { startSwitchableTarget } from "./target";

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function waitFor(url: string, timeoutMs: number) {
  const until = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `status ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${last})`);
}

/**
 * Starts the real product (`worker/start.ts`: app + probe + coordinator) on a fresh database
 * in a temp folder, with a config whose monitor checks a target the tests can switch.
 * The target starts failing, so the page is deterministically "no data" at first: a monitor
 * needs 3 failed checks (30 s) before it may show "down".
 */
export default async function globalSetup() {
  const dir = mkdtempSync(join(tmpdir(), "status-e2e-"));
  const target = await startSwitchableTarget(false);
  const port = await freePort();
  writeFileSync(
    join(dir, "status.config.yaml"),
    `page:
  name: E2E Status
  description: End-to-end test page
groups:
  - key: core
    name: Core
components:
  - key: api
    name: Test API
    group: core
  - key: internal
    name: Internal tool
    public: false
monitors:
  - key: api-check
    name: API check
    type: http
    component: api
    interval: 10s
    timeout: 2s
    failureThreshold: 3
    successThreshold: 2
    url: ${target.url}/check
  - key: internal-check
    name: Internal check
    type: http
    component: internal
    interval: 10s
    url: ${target.url}/check
  - key: backup-job
    name: Backup job
    type: heartbeat
    component: internal
    interval: 1h
`,
  );
  // Email from the product (subscriber confirmations, alerts) lands in a real SMTP server; specs read E2E_MAIL_DIR.
  const mailbox = await startMailbox(join(dir, "mails"));
  // The built worker, as `npm start` runs it (test:e2e builds first).
  const child = spawn(process.execPath, [".next/worker/start.mjs"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "e2e.db")}`, STATUS_CONFIG: join(dir, "status.config.yaml"), SMTP_URL: mailbox.url, SMTP_FROM: "E2E Status <status@e2e.example>" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/api/health`, 60_000);
  process.env.E2E_BASE_URL = base;
  process.env.E2E_TARGET_URL = target.url;
  process.env.E2E_DIR = dir;
  process.env.E2E_MAIL_DIR = mailbox.dir;
  return async () => {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
    await target.close();
    await mailbox.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
