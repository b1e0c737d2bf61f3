import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startApp } from "./app";
import { startMailbox } from "./mailbox";
import { startSwitchableTarget } from "./target";

/**
 * Starts the real product (`worker/start.ts`: app + probe + coordinator) on a fresh database
 * in a temp folder, with a config whose monitor checks a target the tests can switch.
 * The target starts failing, so the page is deterministically "no data" at first: a monitor
 * needs 3 failed checks (30 s) before it may show "down".
 */
export default async function globalSetup() {
  const target = await startSwitchableTarget(false);
  const config = `page:
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
`;
  // Email from the product (subscriber confirmations, alerts) lands in a real SMTP server; specs read E2E_MAIL_DIR.
  const mailDir = mkdtempSync(join(tmpdir(), "status-e2e-mail-"));
  const mailbox = await startMailbox(mailDir);
  const app = await startApp({ name: "main", config, env: { SMTP_URL: mailbox.url, SMTP_FROM: "E2E Status <status@e2e.example>" } });
  const { base, dir } = app;
  process.env.E2E_BASE_URL = base;
  process.env.E2E_TARGET_URL = target.url;
  process.env.E2E_DIR = dir;
  process.env.E2E_MAIL_DIR = mailbox.dir;
  return async () => {
    await app.stop();
    await target.close();
    await mailbox.close();
    rmSync(mailDir, { recursive: true, force: true });
  };
}
