import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { createTestDb } from "@/lib/db/test-db";
import { pulse } from "@/lib/workers/pulse";
import { GET } from "./route";

describe("GET /api/health", () => {
  let cleanup: () => void;
  let dbPath: string;
  const previous = { url: process.env.DATABASE_URL, token: process.env.DATABASE_AUTH_TOKEN };
  const TOKEN = "health-test-secret-token-0123456789";
  beforeAll(async () => {
    const test = await createTestDb();
    cleanup = test.cleanup;
    dbPath = test.url.slice("file:".length);
    process.env.DATABASE_URL = test.url; // read by getDb() on its first call
    process.env.DATABASE_AUTH_TOKEN = TOKEN;
  });
  afterAll(async () => {
    (await getDb()).$client.close();
    delete (globalThis as { __statusDb?: unknown }).__statusDb;
    process.env.DATABASE_URL = previous.url;
    if (previous.token === undefined) delete process.env.DATABASE_AUTH_TOKEN;
    else process.env.DATABASE_AUTH_TOKEN = previous.token;
    cleanup();
  });

  it("answers 503 naming what is stale while workers are silent, 200 once all is fresh, and never shows a secret", async () => {
    const silent = await GET();
    expect(silent.status).toBe(503);
    expect(silent.headers.get("cache-control")).toBe("no-store");
    const text = await silent.text();
    expect(JSON.parse(text)).toMatchObject({ status: "error", problems: [expect.stringMatching(/^no coordinator has reported/)] });
    for (const secret of [TOKEN, dbPath]) expect(text).not.toContain(secret);

    const db = await getDb();
    await pulse(db, "probe", "local", Date.now() - 60_000, {}, Date.now() - 40_000);
    await pulse(db, "coordinator", "*", Date.now() - 60_000);
    const probeSilent = await GET();
    expect(probeSilent.status).toBe(503);
    expect(((await probeSilent.json()) as { problems: string[] }).problems).toEqual([expect.stringMatching(/^probe region local is silent: last report 40s ago/)]);

    await pulse(db, "probe", "local", Date.now() - 60_000);
    const fresh = await GET();
    expect(fresh.status).toBe(200);
    expect(await fresh.json()).toMatchObject({ status: "ok", problems: [], database: "ok", disk: "ok" });
  });
});
