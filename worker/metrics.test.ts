import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { waitUntil } from "../lib/testing/wait";
import { metricsOptionsFrom } from "../lib/metrics/server";
import { startRoles, type RunningRoles } from "./roles";

/** The value of one sample line (`name{labels} value`), or undefined. */
const sample = (text: string, line: RegExp) => {
  const m = text.split("\n").find((l) => line.test(l));
  return m === undefined ? undefined : Number(m.split(" ").pop());
};

describe("/metrics", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let target: Server;
  let roles: RunningRoles | undefined;
  beforeEach(async () => {
    ({ db, url, cleanup } = await createTestDb());
    target = createServer((_req, res) => res.end("ok"));
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const port = (target.address() as AddressInfo).port;
    await applyConfig(
      db,
      parseConfig(`page:\n  name: Test\nmonitors:\n  - key: site\n    name: Site\n    type: http\n    interval: 10s\n    url: http://127.0.0.1:${port}/\n`, {}),
    );
  });
  afterEach(async () => {
    await roles?.stop();
    roles = undefined;
    target.close();
    cleanup();
  });

  it("serves the worker's figures on a private listener, only with the token", async () => {
    roles = await startRoles(db, "all", "local", { ...process.env, DATABASE_URL: url, METRICS_PORT: "0", METRICS_TOKEN: "s3cret-token" });
    const address = roles.metrics!.address() as AddressInfo;
    expect(address.address).toBe("127.0.0.1");
    const base = `http://127.0.0.1:${address.port}`;
    const auth = { authorization: "Bearer s3cret-token" };

    const anonymous = await fetch(`${base}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.text()).not.toMatch(/status_checks_total/);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
    expect((await fetch(`${base}/other`, { headers: auth })).status).toBe(404);

    const text = await waitUntil(
      "a check is counted and the coordinator holds the lease",
      async () => (await fetch(`${base}/metrics`, { headers: auth })).text(),
      (t) => (sample(t, /^status_checks_total\{type="http",region="local",status="up"\}/) ?? 0) >= 1 && sample(t, /^status_coordinator_leader /) === 1,
      30_000,
    );
    expect(sample(text, /^status_check_duration_seconds_count\{type="http"\}/)).toBeGreaterThanOrEqual(1);
    expect(sample(text, /^status_scheduler_lag_seconds_count /)).toBeGreaterThanOrEqual(1);
    expect(sample(text, /^status_outbox_pending /)).toBe(0);
    expect(sample(text, /^status_results_unprocessed /)).toBeGreaterThanOrEqual(0);
    expect(sample(text, /^status_results_unrolled /)).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^# TYPE status_db_write_seconds histogram$/m);
    expect(text).toMatch(/^status_process_resident_memory_bytes \d+/m);
  });

  it("is off without METRICS_PORT, and a bad port is a clear error", () => {
    expect(metricsOptionsFrom({})).toBeNull();
    expect(() => metricsOptionsFrom({ METRICS_PORT: "http" })).toThrow(/METRICS_PORT must be a port number/);
    expect(metricsOptionsFrom({ METRICS_PORT: "9464" })).toEqual({ port: 9464, host: "127.0.0.1", token: undefined });
  });
});
