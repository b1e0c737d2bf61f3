import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { DeadMansSwitch, deadMansSwitchUrl, type PingOutcome } from "../lib/workers/dead-mans-switch";
import { waitUntil } from "../lib/testing/wait";
import { CoordinatorRole } from "./coordinator";

describe("the dead-man's switch", () => {
  let db: Db;
  let cleanup: () => void;
  let server: Server;
  let pings: string[];
  let answer: number;
  let url: URL;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    pings = [];
    answer = 200;
    server = createServer((req, res) => (pings.push(req.url ?? ""), res.writeHead(answer).end("OK")));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/ping/0f6c-uuid`);
  });
  afterEach(() => {
    server.close();
    cleanup();
  });

  it("the acting coordinator pings every minute; a standby one does not", async () => {
    const t0 = Date.now();
    const acting = new CoordinatorRole({ db, deadMansSwitch: url });
    const standby = new CoordinatorRole({ db, deadMansSwitch: url });
    await acting.tick(t0);
    await standby.tick(t0);
    await acting.tick(t0 + 1_000);
    await acting.tick(t0 + 59_000);
    await acting.stop();
    expect(pings).toEqual(["/ping/0f6c-uuid"]);
    const again = new CoordinatorRole({ db, deadMansSwitch: url });
    await again.tick(t0 + 60_000);
    // One ping at a time: the next waits until this one is answered.
    await waitUntil("the second ping", () => pings.length, (n) => n === 2, 10_000);
    await again.tick(t0 + 120_000);
    await again.stop();
    await standby.stop();
    expect(pings).toHaveLength(3);
  });

  it("says so when the receiver refuses or is gone, and a wrong URL is a clear start-up error", async () => {
    const outcomes: PingOutcome[] = [];
    answer = 500;
    const sw = new DeadMansSwitch(url, (o) => outcomes.push(o), 1_000);
    expect(sw.poll(0)).toBe(true);
    await sw.settled();
    server.close();
    expect(sw.poll(500)).toBe(false);
    expect(sw.poll(1_000)).toBe(true);
    await sw.settled();
    expect(outcomes).toEqual([
      { ok: false, detail: "the dead-man's switch answered HTTP 500" },
      { ok: false, detail: expect.stringMatching(/could not be reached/) },
    ]);
    expect(deadMansSwitchUrl({})).toBeNull();
    expect(() => deadMansSwitchUrl({ DEAD_MANS_SWITCH_URL: "hc-ping.com/abc" })).toThrow(/must be an http\(s\) URL/);
    expect(() => deadMansSwitchUrl({ DEAD_MANS_SWITCH_URL: "ftp://hc-ping.com/abc" })).toThrow(/got a ftp: URL/);
    expect(deadMansSwitchUrl({ DEAD_MANS_SWITCH_URL: " https://hc-ping.com/abc " })?.href).toBe("https://hc-ping.com/abc");
  });
});
