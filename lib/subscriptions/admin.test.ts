import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit, userActor } from "../audit/log";
import type { Db } from "../db/client";
import { subscriberComponents, subscribers, users } from "../db/schema";
import { createTestDb, makeComponent } from "../db/test-db";
import { toCsv } from "../http/csv";
import { listSubscribers, removeSubscriber, subscriberCounts } from "./admin";
import { exportSubscribers, subscribersFile } from "./export";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe("subscribers as the team manages them", () => {
  let db: Db;
  let cleanup: () => void;
  let actor: ReturnType<typeof userActor>;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    const [user] = await db.insert(users).values({ email: "editor@example.com", passwordHash: "x", role: "editor", createdAt: T0 }).returning();
    actor = userActor(user);
    const api = await makeComponent(db, { key: "api", name: "API" });
    let n = 0;
    const add = async (kind: "email" | "webhook", address: string, opts: { confirmed?: boolean; unsubscribed?: boolean; components?: number[] } = {}) => {
      n += 1;
      const [row] = await db
        .insert(subscribers)
        .values({ kind, address, token: String(n).padStart(43, "t"), allComponents: !opts.components, confirmedAt: opts.confirmed ? T0 + n : null, unsubscribedAt: opts.unsubscribed ? T0 + n : null, createdAt: T0 + n * 1000 })
        .returning();
      for (const c of opts.components ?? []) await db.insert(subscriberComponents).values({ subscriberId: row.id, componentId: c });
    };
    await add("email", "ann@example.com", { confirmed: true });
    await add("email", "=HYPERLINK(\"http://evil\")@example.com", { confirmed: true, components: [api.id] });
    await add("email", "bob_x@example.com");
    await add("webhook", "https://hooks.example.com/in?a=1,b", { confirmed: true, unsubscribed: true });
  });
  afterEach(() => cleanup());

  it("filters by kind, state and part of the address (LIKE wildcards taken literally), newest first by cursor", async () => {
    const addresses = async (f: Parameters<typeof listSubscribers>[1]) => (await listSubscribers(db, f)).items.map((s) => s.address);
    expect(await addresses({ limit: 10 })).toEqual(["https://hooks.example.com/in?a=1,b", "bob_x@example.com", '=HYPERLINK("http://evil")@example.com', "ann@example.com"]);
    expect(await addresses({ limit: 10, kind: "webhook" })).toEqual(["https://hooks.example.com/in?a=1,b"]);
    expect(await addresses({ limit: 10, state: "confirmed" })).toEqual(['=HYPERLINK("http://evil")@example.com', "ann@example.com"]);
    expect(await addresses({ limit: 10, state: "unconfirmed" })).toEqual(["bob_x@example.com"]);
    expect(await addresses({ limit: 10, state: "unsubscribed" })).toEqual(["https://hooks.example.com/in?a=1,b"]);
    expect(await addresses({ limit: 10, search: "B_X" })).toEqual(["bob_x@example.com"]);
    expect(await addresses({ limit: 10, search: "_" })).toEqual(["bob_x@example.com"]);
    const first = await listSubscribers(db, { limit: 3 });
    expect(first.next).toBe(first.items[2].id);
    expect((await listSubscribers(db, { limit: 3, beforeId: first.next! })).items.map((s) => s.address)).toEqual(["ann@example.com"]);
  });

  it("counts by state and kind", async () => {
    expect(await subscriberCounts(db)).toEqual({ total: 4, confirmed: 2, unconfirmed: 1, unsubscribed: 1, byKind: { email: 3, webhook: 1 } });
  });

  it("exports CSV a spreadsheet cannot run, and JSON, each with an audit entry that holds no address", async () => {
    const rows = await exportSubscribers(db, actor, { format: "csv" }, T0 + 99_000);
    const file = subscribersFile(rows, "csv", T0);
    expect(file.filename).toBe("subscribers-2026-12-01.csv");
    const lines = file.body.split("\r\n");
    expect(lines[0]).toBe("id,kind,address,state,all_components,components,created_at,confirmed_at,unsubscribed_at");
    expect(lines).toContain(`2,email,"'=HYPERLINK(""http://evil"")@example.com",confirmed,false,api,${new Date(T0 + 2000).toISOString()},${new Date(T0 + 2).toISOString()},`);
    expect(lines[1]).toMatch(/^4,webhook,"https:\/\/hooks\.example\.com\/in\?a=1,b",unsubscribed,true,,/);
    const json = JSON.parse(subscribersFile(await exportSubscribers(db, actor, { format: "json", state: "unconfirmed" }), "json").body);
    expect(json).toEqual([{ id: 3, kind: "email", address: "bob_x@example.com", state: "unconfirmed", allComponents: true, components: [], createdAt: new Date(T0 + 3000).toISOString(), confirmedAt: null, unsubscribedAt: null }]);
    const { entries } = await listAudit(db, { entity: "subscriber" });
    expect(entries.map((e) => [e.action, e.actor, e.after])).toEqual([
      ["subscriber.export", "editor@example.com", { format: "json", rows: 1, kind: "any", state: "unconfirmed", searched: false }],
      ["subscriber.export", "editor@example.com", { format: "csv", rows: 4, kind: "any", state: "any", searched: false }],
    ]);
    for (const address of ["ann@", "bob_x@", "HYPERLINK", "hooks.example.com"]) expect(JSON.stringify(entries)).not.toContain(address);
  });

  it("prefixes every formula-like cell and quotes separators", () => {
    expect(toCsv([["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "plain", 'say "hi"', "a,b", null, 3]])).toBe(`'=1+1,'+1,'-1,'@SUM(A1),'\tx,plain,"say ""hi""","a,b",,3\r\n`);
  });

  it("removes a subscriber with its choices; the audit entry keeps no address", async () => {
    await removeSubscriber(db, actor, 2);
    expect((await listSubscribers(db, { limit: 10 })).items.map((s) => s.id)).toEqual([4, 3, 1]);
    expect((await db.select().from(subscriberComponents)).length).toBe(0);
    await expect(removeSubscriber(db, actor, 2)).rejects.toMatchObject({ code: "not_found" });
    const { entries } = await listAudit(db, { entity: "subscriber" });
    expect(entries[0]).toMatchObject({ action: "subscriber.remove", entityId: "2", before: { id: 2, kind: "email", confirmed: true } });
    expect(JSON.stringify(entries)).not.toContain("HYPERLINK");
  });
});
