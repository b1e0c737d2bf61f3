/**
 * Hostile bodies against the built product: the app's resident memory before and after four
 * parallel 200 MB POSTs to /api/subscribe (streamed without Content-Length, and declared), and
 * how many bytes the client got to send before the 413. Before the limits, the same four took
 * the app from about 450 MB to 2.1 GB.
 *
 *   npm run build && npm run bench:body-limits
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const BODY_BYTES = 200 * 1024 * 1024;
const PARALLEL = 4;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** Resident memory of a process and its children, in MB (Linux /proc). */
function rssMb(pid: number): number {
  let kb = 0;
  const visit = (p: number) => {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
      for (const child of readFileSync(`/proc/${p}/task/${p}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) visit(Number(child));
    } catch {}
  };
  visit(pid);
  return kb / 1024;
}

function post(port: number, declare: boolean): Promise<{ status: number; sentMb: number }> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (declare) headers["content-length"] = String(BODY_BYTES);
    let sent = 0;
    let status = 0;
    const req = request({ host: "127.0.0.1", port, path: "/api/subscribe", method: "POST", headers }, (res) => {
      status = res.statusCode ?? 0;
      res.resume();
      req.destroy();
      resolve({ status, sentMb: sent / 1024 / 1024 });
    });
    req.on("error", () => resolve({ status, sentMb: sent / 1024 / 1024 }));
    const chunk = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (sent < BODY_BYTES && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
    setTimeout(() => {
      req.destroy();
      resolve({ status, sentMb: sent / 1024 / 1024 });
    }, 60_000).unref();
  });
}

const dir = mkdtempSync(join(tmpdir(), "bench-body-"));
writeFileSync(join(dir, "status.config.yaml"), "page:\n  name: Bench\nmonitors: []\n");
const port = await freePort();
const child = spawn(process.execPath, [".next/worker/start.mjs"], {
  env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: `file:${join(dir, "b.db")}`, STATUS_CONFIG: join(dir, "status.config.yaml"), SMTP_URL: "smtp://127.0.0.1:9" },
  stdio: ["ignore", "ignore", "inherit"],
});
try {
  const until = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).status > 0) break;
    } catch {}
    if (Date.now() > until) throw new Error("the product did not start within 60 s");
    await new Promise((r) => setTimeout(r, 250));
  }
  await fetch(`http://127.0.0.1:${port}/`); // warm the app
  const before = rssMb(child.pid!);
  for (const declare of [false, true]) {
    const outcomes = await Promise.all(Array.from({ length: PARALLEL }, () => post(port, declare)));
    const after = rssMb(child.pid!);
    console.log(
      `${PARALLEL} x ${BODY_BYTES / 1024 / 1024} MB ${declare ? "declared" : "streamed"}: statuses ${outcomes.map((o) => o.status).join(",")}; ` +
        `client sent ${outcomes.map((o) => o.sentMb.toFixed(1)).join(", ")} MB before the answer; product RSS ${before.toFixed(0)} MB -> ${after.toFixed(0)} MB`,
    );
  }
} finally {
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  rmSync(dir, { recursive: true, force: true });
}
