import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { sampleMessage, SEND_OPTIONS, failure, useRecorders } from "./test-fixtures";
import { DeliveryError } from "./types";
import { buildWebhookPayload, webhookChannel, webhookConfigSchema, webhookSecretProblem } from "./webhook";

const SECRET = `whsec_${randomBytes(32).toString("base64")}`;

describe("webhook payload", () => {
  it("is { type, timestamp, data } with the message's content", () => {
    const message = sampleMessage();
    expect(buildWebhookPayload(message)).toEqual({
      type: "alert.opened",
      timestamp: "2024-05-01T10:02:30.000Z",
      data: {
        title: message.title,
        summary: message.summary,
        severity: "critical",
        facts: message.facts,
        links: message.links,
        ref: "alert-12",
      },
    });
  });

  it("names each event type", () => {
    const types = (["alert", "reminder", "recovery", "maintenance_started", "maintenance_completed", "test"] as const).map(
      (event) => buildWebhookPayload(sampleMessage({ event })).type,
    );
    expect(types).toEqual(["alert.opened", "alert.reminder", "alert.resolved", "maintenance.started", "maintenance.completed", "test"]);
  });
});

describe("webhook secret", () => {
  it("takes whsec_ + base64 of 24 to 64 bytes", () => {
    expect(webhookSecretProblem(SECRET)).toBeUndefined();
    expect(webhookSecretProblem(`whsec_${randomBytes(24).toString("base64")}`)).toBeUndefined();
  });

  it("says what is wrong and how to make a good one, without quoting the secret", () => {
    const noPrefix = randomBytes(32).toString("base64");
    expect(webhookSecretProblem(noPrefix)).toMatch(/^must be "whsec_" followed by base64 .*openssl rand -base64 32/);
    expect(webhookSecretProblem("whsec_not base64!")).toMatch(/^is not valid base64 after "whsec_"/);
    expect(webhookSecretProblem(`whsec_${randomBytes(8).toString("base64")}`)).toMatch(/^holds 8 bytes; it must be/);
    const result = webhookConfigSchema.safeParse({ url: "https://example.com/hook", secret: `whsec_${noPrefix}x` });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].path).toEqual(["secret"]);
    expect(result.error!.issues[0].message).not.toContain(noPrefix);
  });

  it("allows plain http for internal receivers", () => {
    expect(webhookConfigSchema.safeParse({ url: "http://alerts.internal:8080/hook", secret: SECRET }).success).toBe(true);
  });
});

describe("webhook send", () => {
  const receive = useRecorders();

  it("signs per Standard Webhooks: the receiver verifies it, and a tampered body fails", async () => {
    const receiver = await receive(() => ({ status: 200, body: "{}" }));
    const payload = buildWebhookPayload(sampleMessage());
    const outcome = await webhookChannel.send(payload, { url: `${receiver.url}/hooks/status`, secret: SECRET }, SEND_OPTIONS);
    expect(outcome.detail).toBe("HTTP 200");

    const [req] = receiver.requests;
    expect([req.method, req.url, req.headers["content-type"]]).toEqual(["POST", "/hooks/status", "application/json"]);
    expect(req.headers["webhook-id"]).toBe(SEND_OPTIONS.idempotencyKey);
    expect(Math.abs(Number(req.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(10);
    expect(req.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    const headers = req.headers as Record<string, string>;
    expect(new Webhook(SECRET).verify(req.body, headers)).toEqual(payload);
    const tampered = req.body.replace("API is down", "API is fine");
    expect(tampered).not.toBe(req.body);
    expect(() => new Webhook(SECRET).verify(tampered, headers)).toThrow(/No matching signature/);
    const otherSecret = `whsec_${randomBytes(32).toString("base64")}`;
    expect(() => new Webhook(otherSecret).verify(req.body, headers)).toThrow();
  });

  it("sends a retry of the same delivery with the same webhook-id, so the receiver can drop it", async () => {
    const receiver = await receive(() => ({ status: 200 }));
    const payload = buildWebhookPayload(sampleMessage());
    await webhookChannel.send(payload, { url: receiver.url, secret: SECRET }, SEND_OPTIONS);
    await webhookChannel.send(payload, { url: receiver.url, secret: SECRET }, SEND_OPTIONS);
    await webhookChannel.send(payload, { url: receiver.url, secret: SECRET }, { ...SEND_OPTIONS, idempotencyKey: "alert:12:step:1:ops" });
    expect(receiver.requests.map((r) => r.headers["webhook-id"])).toEqual([SEND_OPTIONS.idempotencyKey, SEND_OPTIONS.idempotencyKey, "alert:12:step:1:ops"]);
  });

  it("retries 503 and gives up on 410", async () => {
    let status = 503;
    const receiver = await receive(() => ({ status, body: status === 503 ? "busy" : "gone" }));
    const send = () => failure(webhookChannel.send(buildWebhookPayload(sampleMessage()), { url: receiver.url, secret: SECRET }, SEND_OPTIONS));
    const busy = await send();
    expect(busy).toBeInstanceOf(DeliveryError);
    expect(busy).toMatchObject({ retryable: true, message: "webhook: HTTP 503: busy" });
    status = 410;
    expect(await send()).toMatchObject({ retryable: false, message: "webhook: HTTP 410: gone" });
  });

  it("does not follow a redirect: the URL must be fixed", async () => {
    const receiver = await receive(() => ({ status: 301, headers: { location: "https://example.com/new-hook" } }));
    const error = await failure(webhookChannel.send(buildWebhookPayload(sampleMessage()), { url: receiver.url, secret: SECRET }, SEND_OPTIONS));
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toMatch(/HTTP 301 redirect to https:\/\/example\.com\/…; configure the final URL/);
    expect(receiver.requests).toHaveLength(1);
  });
});
