import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "@playwright/test";
import { freePort, startApp, type RunningApp } from "./app";
import { waitUntil } from "../lib/testing/wait";

/**
 * The product's processes as an operator meets them: `npm start` killed with SIGKILL leaves no
 * app behind holding the port, so the next start on the same port works; a start on a port that
 * is taken says which port and what to change, and exits non-zero.
 */
const config = `page:
  name: Lifecycle test
monitors:
  - key: nightly
    name: Nightly job
    type: heartbeat
    interval: 1h
`;

/** Pids whose parent is `pid` (Linux /proc): the app server that `npm start` spawned. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command (which may hold spaces) : state, ppid, ...
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Whether a pid is alive (not gone, not a zombie). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** "refused" when nothing listens on 127.0.0.1:port, "open" when something accepts. */
function probePort(port: number): Promise<"open" | "refused"> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port });
    socket.setTimeout(2_000, () => socket.destroy(new Error("connect timed out")));
    socket.once("connect", () => {
      socket.destroy();
      resolve("open");
    });
    socket.once("error", (err: NodeJS.ErrnoException) => (err.code === "ECONNREFUSED" ? resolve("refused") : reject(err)));
  });
}

test.describe.configure({ mode: "serial" });

test("kill -9 of the npm start process takes the app with it: the port is free within seconds and a restart on it works", async () => {
  test.setTimeout(180_000);
  let first: RunningApp | undefined;
  let second: RunningApp | undefined;
  let orphans: number[] = [];
  try {
    first = await startApp({ name: "lifecycle-kill", config });
    const port = Number(new URL(first.base).port);
    const parent = first.child.pid!;
    orphans = childrenOf(parent);
    expect(orphans.length, "npm start runs the app as a child process").toBeGreaterThan(0);
    expect(await probePort(port)).toBe("open");

    first.child.kill("SIGKILL");
    // Bounded: a probe every quarter second for 10 s.
    await waitUntil(`port ${port} to refuse connections after the parent was killed`, () => probePort(port), (state) => state === "refused", 10_000, { intervalMs: 250 });
    for (const pid of orphans) await expect.poll(() => alive(pid), { timeout: 10_000, message: `app process ${pid} outlived its parent` }).toBe(false);

    second = await startApp({ name: "lifecycle-restart", config, port });
    expect(second.base).toBe(first.base);
    const page = await fetch(`${second.base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Lifecycle test");
  } finally {
    await second?.stop();
    // The killed one cannot be stopped the usual way; whatever it left running goes too, by pid.
    for (const pid of orphans) if (alive(pid)) process.kill(pid, "SIGKILL");
    if (first) rmSync(first.dir, { recursive: true, force: true });
  }
});

test("a start on a port that is taken names the port and what to change, and exits non-zero", async () => {
  test.setTimeout(120_000);
  const port = await freePort();
  const holder: Server = createServer();
  await new Promise<void>((r) => holder.listen(port, "127.0.0.1", r));
  const dir = mkdtempSync(join(tmpdir(), "status-e2e-port-taken-"));
  writeFileSync(join(dir, "status.config.yaml"), config);
  const child = spawn(process.execPath, [".next/worker/start.mjs"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "e2e.db")}`, STATUS_CONFIG: join(dir, "status.config.yaml") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b));
  child.stderr.on("data", (b: Buffer) => (output += b));
  try {
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 60_000);
      child.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(code, output).not.toBeNull();
    expect(code, output).not.toBe(0);
    expect(output).toContain(`port ${port} on 127.0.0.1 is in use`);
    expect(output).toMatch(/set PORT to a free port/);
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    await new Promise((r) => holder.close(r));
    rmSync(dir, { recursive: true, force: true });
  }
});
