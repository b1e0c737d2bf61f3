import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { httpCheckConfigSchema } from "../lib/checks/http";
import type { PushedResult } from "../lib/probes/wire";
import { Outbox } from "./outbox";
import { RemoteProbeRole, toPushedResult } from "./remote-probe";
import { WorkerProcesses } from "./test-support";
import { until, waitUntil } from "../lib/testing/wait";

const TOKEN = "test-token-eu-west";

/** A hub per the contract, on a fixed port that survives stop() and start(). */
class TestHub {
  readonly batches = new Map<string, string>(); // batchId → results JSON
  emptyBatches = 0;
  duplicates = 0;
  mismatchedResends = 0;
  /** Store the next non-empty batch, then drop the connection without answering. */
  dropAfterStoreOnce = false;
  dropped = 0;
  /** Answer the next this many new non-empty batches 422 with `refusal`, and every resend of them. */
  refuseNext = 0;
  refusal = "invalid batch: results.0.totalUs: refused by the test hub";
  /** Batch ids answered 422, and how many times each was posted. */
  readonly refused = new Map<string, number>();
  /** Results of these monitors are refused one by one, with the reason given here. */
  readonly rejectKeys = new Map<string, string>();
  rejectedResults = 0;
  /** Batches with more results than this are answered 413. */
  maxResults = Infinity;
  tooLarge = 0;
  monitors: unknown[] = [];
  spacing: unknown[] = [];
  port = 0;
  private server: Server | undefined;

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((r) => server.listen(this.port, "127.0.0.1", r));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server!;
    this.server = undefined;
    const closed = new Promise<void>((r) => server.close(() => r()));
    server.closeAllConnections();
    await closed;
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Every result stored, over distinct batch ids. */
  results(): PushedResult[] {
    return [...this.batches.values()].flatMap((j) => JSON.parse(j) as PushedResult[]);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(401, { error: "bad token" });
    if (req.method === "GET" && req.url === "/api/probe/assignments") {
      return json(200, { region: "eu-west", monitors: this.monitors, spacing: this.spacing });
    }
    if (req.method === "POST" && req.url === "/api/probe/results") {
      let text = "";
      for await (const chunk of req) text += chunk;
      const body = JSON.parse(text) as { batchId: string; results: PushedResult[] };
      if (!/^[A-Za-z0-9_-]{8,64}$/.test(body.batchId) || !Array.isArray(body.results) || body.results.length > 1000) {
        return json(422, { error: "invalid body" });
      }
      if (body.results.length === 0) {
        this.emptyBatches++;
        return json(200, { accepted: 0, duplicate: false, rejected: [] });
      }
      // A refused batch is refused again on every resend, as a real hub would.
      if (this.refused.has(body.batchId)) {
        this.refused.set(body.batchId, this.refused.get(body.batchId)! + 1);
        return json(422, { error: this.refusal });
      }
      if (this.refuseNext > 0 && !this.batches.has(body.batchId)) {
        this.refuseNext--;
        this.refused.set(body.batchId, 1);
        return json(422, { error: this.refusal });
      }
      if (body.results.length > this.maxResults) {
        this.tooLarge++;
        return json(413, { error: `the request body is larger than ${this.maxResults} results: send less` });
      }
      const rejected = body.results.flatMap((r, index) => (this.rejectKeys.has(r.monitorKey) ? [{ index, monitorKey: r.monitorKey, reason: this.rejectKeys.get(r.monitorKey) }] : []));
      body.results = body.results.filter((r) => !this.rejectKeys.has(r.monitorKey));
      const stored = this.batches.get(body.batchId);
      if (stored !== undefined) {
        this.duplicates++;
        if (stored !== JSON.stringify(body.results)) this.mismatchedResends++;
        return json(200, { accepted: 0, duplicate: true, rejected: [] });
      }
      this.rejectedResults += rejected.length;
      this.batches.set(body.batchId, JSON.stringify(body.results));
      if (this.dropAfterStoreOnce) {
        this.dropAfterStoreOnce = false;
        this.dropped++;
        req.socket.destroy();
        return;
      }
      return json(200, { accepted: body.results.length, duplicate: false, rejected });
    }
    json(404, { error: "not found" });
  }
}

const pair = (key: string, startedAt: number) => `${key}@${startedAt}`;

describe("push-mode probe", () => {
  const hub = new TestHub();
  let target: Server;
  let dir: string;
  const done: string[] = [];

  const newRole = (outboxPath: string, extra: Partial<ConstructorParameters<typeof RemoteProbeRole>[0]> = {}) =>
    new RemoteProbeRole({
      hub: hub.url,
      token: TOKEN,
      region: "eu-west",
      outboxPath,
      retryMinMs: 200,
      retryMaxMs: 1_000,
      onCheckDone: (key, r) => void done.push(pair(key, r.startedAt)),
      ...extra,
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "remote-probe-"));
    target = createServer((_req, res) => res.writeHead(200).end("ok"));
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    hub.monitors = ["api", "web"].map((key) => ({
      key,
      type: "http",
      checkConfig: httpCheckConfigSchema.parse({ url: `${base}/${key}` }),
      intervalS: 1,
      timeoutMs: 2_000,
    }));
    hub.monitors.push({ key: "cron", type: "heartbeat", checkConfig: {}, intervalS: 1, timeoutMs: 1_000 });
    hub.spacing = ["api", "web", "cron", "elsewhere"].map((key) => ({ key, intervalS: 1 }));
    await hub.start();
  });

  afterAll(async () => {
    await new Promise<void>((r) => target.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("the outbox keeps a taken batch (same id, same rows) until it is acknowledged", async () => {
    const outbox = await Outbox.open(join(dir, "unit.db"));
    const r = (i: number): PushedResult => ({ monitorKey: "m", startedAt: i, status: "up", totalUs: i });
    await outbox.append([r(1), r(2), r(3)]);
    const first = await outbox.nextBatch(2);
    expect(first!.batchId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(first!.results.map((x) => x.startedAt)).toEqual([1, 2]);
    await outbox.append([r(4)]);
    expect(await outbox.nextBatch(2)).toEqual(first); // not acknowledged: the same batch again
    await outbox.acknowledge(first!.batchId);
    const second = await outbox.nextBatch(10);
    expect(second!.batchId).not.toBe(first!.batchId);
    expect(second!.results.map((x) => x.startedAt)).toEqual([3, 4]);
    expect(await outbox.size()).toBe(2);
    await outbox.acknowledge(second!.batchId);
    expect(await outbox.nextBatch(10)).toBeUndefined();
    expect(await outbox.size()).toBe(0);
    outbox.close();
  });

  it("maps a result like toResultRow: message only when not up, assertions only when one failed", () => {
    const up = toPushedResult("m", { status: "up", startedAt: 5, totalUs: 7, phases: { dnsUs: 1 }, statusCode: 200, message: "x", assertions: [{ name: "status", ok: true, expected: "200-299", actual: "200", severity: "down" }] });
    expect(up).toEqual({ monitorKey: "m", startedAt: 5, status: "up", totalUs: 7, dnsUs: 1, statusCode: 200 });
    const failed = [{ name: "status", ok: false, expected: "200-299", actual: "503", severity: "down" as const }];
    const down = toPushedResult("m", { status: "down", startedAt: 5, totalUs: 7, phases: {}, statusCode: 503, errorClass: "assertion", message: "status 503", assertions: failed });
    expect(down).toMatchObject({ status: "down", errorClass: "assertion", message: "status 503", assertions: JSON.stringify(failed) });
  });

  it("delivers every result exactly once through hub outages, a lost answer and a restart", async () => {
    const path = join(dir, "outbox-eu-west.db");
    const first = newRole(path);
    await first.start();

    // 1. Results arrive (heartbeat monitors are not probed: only api and web).
    await until("first results", () => hub.results().length >= 4);
    expect(new Set(hub.results().map((r) => r.monitorKey))).toEqual(new Set(["api", "web"]));

    // 2. The hub goes away for ~3 s: results wait in the outbox.
    await hub.stop();
    await until("results to wait in the outbox while the hub is away", async () => first.stats.checks > 4 && (await first.outbox.size()) > 0);

    // 3. It comes back, but loses its answer to the first batch it stores: the probe resends it.
    hub.dropAfterStoreOnce = true;
    await hub.start();
    await until("the backlog to drain", async () => hub.dropped === 1 && hub.duplicates >= 1 && (await first.outbox.size()) === 0);

    // 4. The hub goes away again and the probe stops with results in its outbox.
    await hub.stop();
    const checksBefore = first.stats.checks;
    await until("new results while the hub is away again", async () => first.stats.checks > checksBefore && (await first.outbox.size()) > 0);
    await first.stop();
    const left = await Outbox.open(path);
    const leftovers = await left.size();
    left.close();
    expect(leftovers).toBeGreaterThan(0);
    const beforeRestart = new Set(hub.results().map((r) => pair(r.monitorKey, r.startedAt)));
    const notYetReceived = done.filter((p) => !beforeRestart.has(p)).length;
    expect(notYetReceived).toBeGreaterThan(0);
    expect(leftovers).toBeGreaterThanOrEqual(notYetReceived); // a batch stored as the hub went down is resent

    // 5. The hub is back; a new probe on the same outbox delivers the leftovers.
    await hub.start();
    const second = newRole(path);
    await second.start();
    await until("the leftovers", () => done.every((p) => hub.results().some((r) => pair(r.monitorKey, r.startedAt) === p)));
    const checksBefore2 = second.stats.checks;
    await until("the new probe's own first results", () => second.stats.checks >= checksBefore2 + 2);
    await second.stop(); // hub up: the last results go out on stop

    const received = hub.results().map((r) => pair(r.monitorKey, r.startedAt));
    expect(new Set(received).size).toBe(received.length); // nothing twice
    expect(new Set(received)).toEqual(new Set(done)); // nothing lost
    expect(received.length).toBe(done.length);
    expect(done.length).toBe(first.stats.checks + second.stats.checks);
    expect(hub.mismatchedResends).toBe(0);
    expect(second.stats.sendErrors).toBe(0);
  });

  it("sends an empty batch as a heartbeat when idle, and keeps going after a 401", async () => {
    const idle = newRole(join(dir, "idle.db"), { idleBeatMs: 200 });
    const monitors = hub.monitors;
    hub.monitors = [];
    try {
      const before = hub.emptyBatches;
      await idle.start();
      await until("idle heartbeats", () => hub.emptyBatches >= before + 3, 5_000);
    } finally {
      await idle.stop();
      hub.monitors = monitors;
    }
    const revoked = newRole(join(dir, "revoked.db"), { token: "revoked" });
    await revoked.start(); // logs, does not throw
    await until("a rejected send", () => revoked.stats.sendErrors >= 1, 5_000);
    await revoked.stop();
    await hub.stop();
  });
});

describe("push-mode probe and results the hub refuses", () => {
  const hub = new TestHub();
  let target: Server;
  let dir: string;
  let passed = false;
  const workers = new WorkerProcesses("remote-probe-refused");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "remote-probe-refused-"));
    target = createServer((_req, res) => res.writeHead(200).end("ok"));
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    hub.monitors = ["api", "web"].map((key) => ({ key, type: "http", checkConfig: httpCheckConfigSchema.parse({ url: `${base}/${key}` }), intervalS: 1, timeoutMs: 2_000 }));
    hub.spacing = ["api", "web"].map((key) => ({ key, intervalS: 1 }));
    await hub.start();
  });

  afterAll(async () => {
    workers.stop(passed);
    await hub.stop();
    await new Promise<void>((r) => target.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("a probe process logs the hub's reasons, drops a batch refused with 422 and refused results, and later results still arrive", async () => {
    hub.refuseNext = 1;
    hub.refusal = "invalid batch: results.0.totalUs: refused by the test hub (422 reason)";
    hub.rejectKeys.set("web", 'monitor "web" is not assigned to region eu-west (test reason)');
    const child = workers.start("probe", ["--role", "probe", "--region", "eu-west", "--hub", hub.url, "--outbox", join(dir, "outbox.db")], { PROBE_TOKEN: TOKEN });
    await waitUntil(
      "results stored after a refused batch",
      async () => {
        if (child.exitCode !== null) throw new Error(`the probe exited (${child.exitCode}):\n${workers.logs()}`);
        return { refused: hub.refused.size, stored: hub.results().length, rejected: hub.rejectedResults };
      },
      (v) => v.refused === 1 && v.stored >= 3 && v.rejected >= 1,
      30_000,
    );
    // The refused batch was posted once and never again, and no refused result came back.
    expect([...hub.refused.values()]).toEqual([1]);
    expect(hub.results().every((r) => r.monitorKey === "api")).toBe(true);
    const logs = workers.logs();
    expect(logs).toMatch(/the hub refused batch [A-Za-z0-9_-]+ of \d+ results for good, dropped so that later results flow: POST results: 422 invalid batch: results\.0\.totalUs: refused by the test hub \(422 reason\)/);
    expect(logs).toMatch(/the hub refused 1 of \d+ results in batch [A-Za-z0-9_-]+ \(not resent\): #\d web: monitor "web" is not assigned to region eu-west \(test reason\)/);
    passed = true;
  }, 60_000);

  it("splits a batch the hub refuses as too large until every result is delivered once", async () => {
    hub.rejectKeys.clear();
    hub.monitors = [];
    hub.maxResults = 1;
    const path = join(dir, "split.db");
    const waiting = await Outbox.open(path);
    const t0 = Date.now() - 60_000;
    await waiting.append([0, 1, 2, 3, 4].map((i): PushedResult => ({ monitorKey: "api", startedAt: t0 + i, status: "up", totalUs: 1_000 })));
    waiting.close();
    const before = hub.results().length;
    const role = new RemoteProbeRole({ hub: hub.url, token: TOKEN, region: "eu-west", outboxPath: path, retryMinMs: 200, retryMaxMs: 1_000 });
    await role.start();
    try {
      await until("the split batches", async () => hub.results().length - before === 5 && (await role.outbox.size()) === 0);
    } finally {
      await role.stop();
    }
    const got = hub.results().filter((r) => r.startedAt >= t0 && r.startedAt < t0 + 5).map((r) => r.startedAt);
    expect(got.sort()).toEqual([0, 1, 2, 3, 4].map((i) => t0 + i));
    expect(hub.tooLarge).toBeGreaterThanOrEqual(3);
    expect(role.stats.dropped).toBe(0);
  });
});
