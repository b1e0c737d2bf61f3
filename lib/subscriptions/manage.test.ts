import { userErrorOf } from "../testing/user-error";
import { SYSTEM_ACTOR } from "../audit/log";
import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { makeComponent } from "../db/test-db";
import { notificationOutbox, subscribers } from "../db/schema";
import { UserError } from "../errors";
import { createIncident } from "../incidents/manage";
import { CONFIRM_LINK_TTL_MS } from "./messages";
import { fanOutIncidentUpdates } from "./fan-out";
import {
  ADDRESS_RATE_LIMIT,
  CLIENT_RATE_LIMIT,
  confirm,
  getByToken,
  newSubscriberToken,
  RESEND_AFTER_MS,
  subscribableComponents,
  subscribe,
  unsubscribe,
  updateComponents,
  webhookSecretFor,
} from "./manage";
import { BASE, client, confirmedEmailSubscriber, header, HOUR, linkToken, MIN, T0, useWorld } from "./test-support";


describe("email subscriptions: double opt-in", () => {
  const world = useWorld();

  it("sends only the confirmation until its link is opened, with one-click unsubscribe headers, both parts and working links", async () => {
    const { db } = world;
    const api = await makeComponent(db, { name: "API" });
    const outcome = await subscribe(db, { kind: "email", address: "  Ada@Example.COM ", componentIds: [api.id] }, client(), T0);
    expect(outcome).toEqual({ kind: "email" });

    // An incident before confirming: the fan-out must not send it to a pending subscriber.
    await createIncident(db, SYSTEM_ACTOR, { title: "API is down", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body: "Looking into it.", published: true }, T0 + 1);
    await fanOutIncidentUpdates(db, T0 + 2);
    const mails = await world.deliver(T0 + 3);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.to).toEqual(["ada@example.com"]);
    expect(mail.parsed.subject).toBe("Confirm your subscription to Status updates");
    expect(mail.parsed.from?.text).toBe('"Example Status" <status@example.com>');

    // RFC 8058: an https URL for the POST, and the One-Click marker.
    const [row] = await db.select().from(subscribers);
    expect(row.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(header(mail, "List-Unsubscribe")).toBe(`<${BASE}/api/unsubscribe/${row.token}>`);
    expect(header(mail, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");

    // Both parts, each with the confirm, manage and unsubscribe links.
    const text = String(mail.parsed.text);
    const html = String(mail.parsed.html);
    for (const path of ["subscribe/confirm", "subscribe/manage", "unsubscribe"]) {
      expect(text).toContain(`${BASE}/${path}/${row.token}`);
      expect(html).toContain(`href="${BASE}/${path}/${row.token}"`);
    }
    expect(text).toContain("ada@example.com, for API");
    expect(html).toContain("Confirm subscription");
    expect(linkToken(mail, "subscribe/confirm")).toBe(row.token);

    // Confirming starts the updates (from the next update on).
    const confirmed = await confirm(db, row.token, T0 + 4);
    expect(confirmed.status).toBe("confirmed");
    expect(await confirm(db, row.token, T0 + 5)).toMatchObject({ status: "already_confirmed" });
    await createIncident(db, SYSTEM_ACTOR, { title: "API is slow", status: "identified", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "degraded_performance" }], body: "Found it.", published: true }, T0 + 6);
    await fanOutIncidentUpdates(db, T0 + 7);
    const after = await world.deliver(T0 + 8);
    expect(after.map((m) => m.parsed.subject)).toEqual(["[Identified] API is slow"]);
  });

  it("answers the same for a new, a pending and a confirmed address; re-sends the confirmation at most every 10 minutes", async () => {
    const { db } = world;
    const api = await makeComponent(db, { name: "API" });
    const web = await makeComponent(db, { name: "Web" });
    const first = await subscribe(db, { kind: "email", address: "bob@example.com" }, client(), T0);
    const pendingAgain = await subscribe(db, { kind: "email", address: "bob@example.com", componentIds: [web.id] }, client(), T0 + MIN);
    expect(pendingAgain).toEqual(first);
    // Within RESEND_AFTER_MS: no second email; the latest choice counts.
    let mails = await world.deliver(T0 + MIN);
    expect(mails).toHaveLength(1);
    const [row] = await db.select().from(subscribers);
    expect((await getByToken(db, row.token))?.components.map((c) => c.name)).toEqual(["Web"]);

    // After it: the confirmation again, same link.
    await subscribe(db, { kind: "email", address: "bob@example.com", componentIds: [api.id, web.id] }, client(), T0 + RESEND_AFTER_MS + MIN);
    mails = await world.deliver(T0 + RESEND_AFTER_MS + MIN);
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toMatch(/^Confirm your subscription/);
    expect(String(mails[0].parsed.text)).toContain("for API and Web");
    expect(linkToken(mails[0], "subscribe/confirm")).toBe(row.token);

    // Confirmed: same answer; the choice stays; the owner gets a "manage here" note, not a confirmation.
    expect((await confirm(db, row.token, T0 + RESEND_AFTER_MS + 2 * MIN)).status).toBe("confirmed");
    const confirmedAgain = await subscribe(db, { kind: "email", address: "BOB@example.com", componentIds: [api.id] }, client(), T0 + HOUR);
    expect(confirmedAgain).toEqual(first);
    mails = await world.deliver(T0 + HOUR);
    expect(mails).toHaveLength(1);
    expect(mails[0].parsed.subject).toBe("Your subscription to Status updates");
    expect(String(mails[0].parsed.text)).toContain("already receives them, for API and Web");
    expect(String(mails[0].parsed.text)).toContain(`${BASE}/subscribe/manage/${row.token}`);
    expect(header(mails[0], "List-Unsubscribe")).toBe(`<${BASE}/api/unsubscribe/${row.token}>`);
    expect(String(mails[0].parsed.text)).not.toContain("subscribe/confirm");
    expect((await getByToken(db, row.token))?.components.map((c) => c.name)).toEqual(["API", "Web"]);
    expect(await db.select().from(subscribers)).toHaveLength(1);
  });

  it("expires a confirmation link after 7 days, and an old link confirms nothing once unsubscribed", async () => {
    const { db } = world;
    await subscribe(db, { kind: "email", address: "late@example.com" }, client(), T0);
    const [mail] = await world.deliver(T0);
    const token = linkToken(mail, "subscribe/confirm");
    expect((await confirm(db, token, T0 + CONFIRM_LINK_TTL_MS + 1)).status).toBe("expired");
    expect((await confirm(db, "x".repeat(43), T0)).status).toBe("not_found");
    expect((await confirm(db, "../../etc", T0)).status).toBe("not_found");
    expect((await unsubscribe(db, token, T0 + MIN)).status).toBe("unsubscribed");
    expect((await confirm(db, token, T0 + 2 * MIN)).status).toBe("unsubscribed");
  });

  it("unsubscribes by token, idempotently; nothing is sent afterwards; subscribing again starts over", async () => {
    const { db } = world;
    const api = await makeComponent(db, { name: "API" });
    const sub = await confirmedEmailSubscriber(world, "carol@example.com");
    const first = await unsubscribe(db, sub.token, T0 + MIN);
    expect(first.status).toBe("unsubscribed");
    const second = await unsubscribe(db, sub.token, T0 + 2 * MIN);
    expect(second.status).toBe("already_unsubscribed");
    expect(second.status === "already_unsubscribed" && second.subscription.unsubscribedAt).toBe(T0 + MIN);
    expect((await unsubscribe(db, newSubscriberToken(), T0)).status).toBe("not_found");

    await createIncident(db, SYSTEM_ACTOR, { title: "API is down", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body: "x", published: true }, T0 + 3 * MIN);
    await fanOutIncidentUpdates(db, T0 + 3 * MIN);
    expect(await world.deliver(T0 + 3 * MIN)).toEqual([]);

    await subscribe(db, { kind: "email", address: "carol@example.com" }, client(), T0 + 4 * MIN);
    const [again] = await world.deliver(T0 + 4 * MIN);
    expect(again.parsed.subject).toMatch(/^Confirm your subscription/);
    expect(linkToken(again, "subscribe/confirm")).not.toBe(sub.token);
    await expect(updateComponents(db, sub.token, { all: true })).rejects.toThrow(/cancelled/);
  });

  it("rejects malformed addresses with a clear message, and queues nothing", async () => {
    const { db } = world;
    const cases: [string, RegExp][] = [
      ["not-an-address", /^That doesn't look like an email address: "not-an-address"\. Write it like name@example\.com\.$/],
      ["a@b", /doesn't look like an email address: "a@b"/],
      ["two@@example.com", /doesn't look like an email address/],
      ["ada@example.com\r\nBcc: victim@example.com", /doesn't look like an email address/],
      ["", /^Enter your email address\.$/],
      [`${"x".repeat(250)}@example.com`, /too long/],
    ];
    for (const [address, message] of cases) {
      const err = await userErrorOf(() => subscribe(db, { kind: "email", address }, client(), T0));
      expect(err.reason).toBe("email");
      expect(err.status).toBe(422);
      expect(err.message).toMatch(message);
    }
    expect((await userErrorOf(() => subscribe(db, { kind: "sms" as never, address: "x" }, client(), T0))).message).toBe("Choose how to receive updates: by email or by webhook.");
    expect(await db.select().from(subscribers)).toEqual([]);
    expect(await db.select().from(notificationOutbox)).toEqual([]);
  });

  it("offers and accepts public components only, naming no private one in its messages", async () => {
    const { db } = world;
    const api = await makeComponent(db, { name: "API" });
    const secret = await makeComponent(db, { name: "Secret admin", isPublic: false });
    const gone = await makeComponent(db, { name: "Old", archivedAt: T0 - HOUR });
    expect((await subscribableComponents(db)).map((c) => c.name)).toEqual(["API"]);
    for (const ids of [[secret.id], [gone.id], [api.id, 99_999]]) {
      const err = await userErrorOf(() => subscribe(db, { kind: "email", address: "d@example.com", componentIds: ids }, client(), T0));
      expect(err.message).toBe("Choose components from the list: one of them is no longer offered.");
      expect(err.message).not.toContain("Secret");
    }
    expect((await userErrorOf(() => subscribe(db, { kind: "email", address: "d@example.com", all: false }, client(), T0))).message).toBe(
      "Choose at least one component, or all components.",
    );
    expect((await userErrorOf(() => subscribe(db, { kind: "email", address: "d@example.com", componentIds: ["x" as never] }, client(), T0))).reason).toBe("components");

    // Changing components later: same rules.
    const sub = await confirmedEmailSubscriber(world, "e@example.com");
    expect(sub.allComponents).toBe(true);
    const changed = await updateComponents(db, sub.token, { all: false, componentIds: [api.id] });
    expect(changed).toMatchObject({ allComponents: false, components: [{ id: api.id, name: "API" }] });
    await expect(updateComponents(db, sub.token, { all: false, componentIds: [secret.id] })).rejects.toThrow("Choose components from the list: one of them is no longer offered.");
    await expect(updateComponents(db, sub.token, { all: false, componentIds: [] })).rejects.toThrow("Choose at least one component");
    await expect(updateComponents(db, "nope", { all: true })).rejects.toMatchObject({ reason: "not_found", status: 404 });
    expect((await updateComponents(db, sub.token, { all: true })).allComponents).toBe(true);
  });
});

describe("without SMTP", () => {
  const world = useWorld();

  it("refuses email subscriptions with a message that offers webhooks and feeds, and queues nothing", async () => {
    const { db } = world;
    const err = await subscribe(db, { kind: "email", address: "ada@example.com" }, { ...client(), env: {} }, T0).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: "email_unavailable", status: 503 });
    expect((err as Error).message).toMatch(/webhook, or follow the RSS or Atom feed/);
    expect(await db.select().from(subscribers)).toEqual([]);
    expect(await db.select().from(notificationOutbox)).toEqual([]);
    // Webhooks need no SMTP.
    expect(await subscribe(db, { kind: "webhook", address: "https://hooks.example.com/status" }, { ...client(), env: {} }, T0)).toMatchObject({ kind: "webhook" });
  });
});

describe("rate limits", () => {
  const world = useWorld();

  it("limits requests per address, whoever sends them, and says when to try again", async () => {
    const { db } = world;
    for (let i = 0; i < ADDRESS_RATE_LIMIT.limit; i++) await subscribe(db, { kind: "email", address: "flood@example.com" }, client(), T0 + i * 1000);
    const err = await userErrorOf(() => subscribe(db, { kind: "email", address: "FLOOD@example.com" }, client(), T0 + 20 * MIN));
    expect(err).toMatchObject({ reason: "too_many_for_address", status: 429, retryAfterS: (40 * MIN) / 1000 });
    expect(err.message).toBe("Too many subscription requests for this address. Try again in 40 minutes.");
    // One confirmation only reached the inbox (the re-sends were within 10 minutes).
    expect(await world.deliver(T0 + 20 * MIN)).toHaveLength(1);
    // The next window starts afresh.
    await expect(subscribe(db, { kind: "email", address: "flood@example.com" }, client(), T0 + HOUR)).resolves.toEqual({ kind: "email" });
  });

  it("limits requests per client, malformed ones included, before any other work", async () => {
    const { db } = world;
    const me = { clientKey: "198.51.100.7" };
    for (let i = 0; i < CLIENT_RATE_LIMIT.limit; i++) {
      const address = i % 2 ? `user${i}@example.com` : "malformed";
      await subscribe(db, { kind: "email", address }, me, T0 + i).catch((e) => expect(e).toBeInstanceOf(UserError));
    }
    const err = await userErrorOf(() => subscribe(db, { kind: "email", address: "new@example.com" }, me, T0 + 59 * MIN + 30_000));
    expect(err).toMatchObject({ reason: "too_many_from_client", status: 429 });
    expect(err.message).toBe("Too many subscription requests from your network. Try again in a minute.");
    await expect(subscribe(db, { kind: "email", address: "new@example.com" }, { clientKey: "198.51.100.8" }, T0 + 59 * MIN)).resolves.toEqual({ kind: "email" });
    await expect(subscribe(db, { kind: "email", address: "new2@example.com" }, me, T0 + HOUR)).resolves.toEqual({ kind: "email" });
  });
});

describe("tokens", () => {
  const world = useWorld();

  it("are 32 random bytes, distinct, and only exact tokens find a subscription", async () => {
    const tokens = new Set(Array.from({ length: 1000 }, newSubscriberToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(Buffer.from(t, "base64url")).toHaveLength(32);
    const sub = await confirmedEmailSubscriber(world, "f@example.com");
    expect((await getByToken(world.db, sub.token))?.address).toBe("f@example.com");
    expect(await getByToken(world.db, sub.token.slice(0, -1))).toBeNull();
    expect(await getByToken(world.db, sub.token.toLowerCase() === sub.token ? sub.token.toUpperCase() : sub.token.toLowerCase())).toBeNull();
    expect(await getByToken(world.db, `${sub.token}' OR 1=1 --`)).toBeNull();
  });

  it("derives a different valid webhook secret per token", () => {
    const a = webhookSecretFor(newSubscriberToken());
    const b = webhookSecretFor(newSubscriberToken());
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(a).not.toBe(b);
  });
});

describe("webhook subscriptions", () => {
  const world = useWorld();

  it("validates the URL: https, no credentials, no private addresses unless allowed", async () => {
    const { db } = world;
    const bad: [string, RegExp][] = [
      ["not a url", /^That webhook URL can't be used: it expected a URL like https:\/\/example\.com\/hooks\/status/],
      ["http://example.com/hook", /it must be an https URL \(http only for localhost\)/],
      ["ftp://example.com/hook", /it must be an https URL like/],
      ["https://user:pw@example.com/hook", /must not contain a user name or password/],
      ["", /^Enter the webhook URL\.$/],
    ];
    for (const [address, message] of bad) {
      const err = await userErrorOf(() => subscribe(db, { kind: "webhook", address }, client(), T0));
      expect(err.reason).toBe("url");
      expect(err.message).toMatch(message);
    }
    delete process.env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE;
    try {
      for (const address of ["https://127.0.0.1/hook", "https://10.1.2.3/x", "https://[::1]/x", "https://169.254.169.254/latest", "http://localhost:8080/x"]) {
        const err = await userErrorOf(() => subscribe(db, { kind: "webhook", address }, client(), T0));
        expect(err.message).toMatch(/must be a public address; .* is a private or loopback address/);
      }
    } finally {
      process.env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE = "1";
    }
  });

  it("activates on first confirm and shows the secret that once; an active URL cannot be taken over", async () => {
    const { db } = world;
    const url = "https://hooks.example.com/status";
    const outcome = await subscribe(db, { kind: "webhook", address: url }, client(), T0);
    expect(outcome.kind).toBe("webhook");
    const token = outcome.kind === "webhook" ? outcome.token : "";
    // Not active before the secret was shown: a second request replaces it.
    const replaced = await subscribe(db, { kind: "webhook", address: url }, client(), T0 + 1);
    const token2 = replaced.kind === "webhook" ? replaced.token : "";
    expect(token2).not.toBe(token);
    expect((await confirm(db, token, T0 + 2)).status).toBe("unsubscribed");

    const first = await confirm(db, token2, T0 + 3);
    expect(first).toMatchObject({ status: "confirmed", webhookSecret: webhookSecretFor(token2) });
    const again = await confirm(db, token2, T0 + 4);
    expect(again.status).toBe("already_confirmed");
    expect(again).not.toHaveProperty("webhookSecret");

    const taken = await userErrorOf(() => subscribe(db, { kind: "webhook", address: url }, client(), T0 + 5));
    expect(taken).toMatchObject({ reason: "webhook_exists", status: 409 });
    expect((await db.select().from(subscribers).where(eq(subscribers.token, token2)))[0].unsubscribedAt).toBeNull();
    // Nothing is emailed for webhooks.
    expect(await db.select().from(notificationOutbox)).toEqual([]);
  });
});
