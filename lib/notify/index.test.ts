import { describe, expect, it } from "vitest";
import { z } from "zod";
import { CHANNEL_TYPES, deliver } from "./index";
import { sampleMessage, SEND_OPTIONS, failure, useRecorders } from "./test-fixtures";
import { DeliveryError } from "./types";

describe("the channel registry", () => {
  it("has the six channel types, each named as registered", () => {
    expect(Object.keys(CHANNEL_TYPES)).toEqual(["email", "slack", "discord", "webhook", "sms", "ntfy"]);
    for (const [type, channel] of Object.entries(CHANNEL_TYPES)) expect(channel.type).toBe(type);
  });

  it("lists the secret settings, and each is a field of the channel's settings", () => {
    const secrets = Object.fromEntries(Object.entries(CHANNEL_TYPES).map(([type, channel]) => [type, [...channel.secretFields]]));
    expect(secrets).toEqual({ email: [], slack: ["webhookUrl"], discord: ["webhookUrl"], webhook: ["secret"], sms: ["authToken"], ntfy: ["token"] });
    for (const channel of Object.values(CHANNEL_TYPES)) {
      const shape = (channel.configSchema as unknown as z.ZodObject).shape;
      for (const field of channel.secretFields) expect(Object.keys(shape)).toContain(field);
    }
  });

  it("says in words what is missing for every channel type, never zod's generic wording", () => {
    for (const [type, channel] of Object.entries(CHANNEL_TYPES)) {
      const result = channel.configSchema.safeParse({});
      expect(result.success, type).toBe(false);
      for (const issue of result.error!.issues) {
        expect(issue.path.length, `${type}: ${issue.message}`).toBeGreaterThan(0);
        expect(issue.message, type).not.toMatch(/^Invalid input|received undefined/);
      }
      expect(channel.configSchema.safeParse("not a mapping").error?.issues[0].message, type).toMatch(/^expected settings with /);
    }
  });
});

describe("deliver", () => {
  const receive = useRecorders();

  it("validates, builds and sends", async () => {
    const receiver = await receive(() => ({ status: 200, body: "ok" }));
    const outcome = await deliver("slack", { webhookUrl: `${receiver.url}/services/x` }, sampleMessage(), SEND_OPTIONS);
    expect(outcome.detail).toBe("HTTP 200");
    expect(JSON.parse(receiver.requests[0].body).text).toMatch(/^\[DOWN\] API is down/);
  });

  it("turns bad settings into a non-retryable error in words, with secrets masked", async () => {
    const error = await failure(deliver("slack", { webhookUrl: "http://hooks.slack.com/services/T0/B0/SECRETsecret1234" }, sampleMessage(), SEND_OPTIONS));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({
      retryable: false,
      message: "slack channel settings: webhookUrl: must be an https URL (http only for localhost), got http://hooks.slack.com/…1234",
    });
    const email = await failure(deliver("email", { to: ["ops@example.com", "nope"] }, sampleMessage(), SEND_OPTIONS));
    expect(email).toMatchObject({ retryable: false, message: 'email channel settings: to[1]: expected an email address like ops@example.com, got "nope"' });
  });

  it("refuses an unknown channel type, for good", async () => {
    const error = await failure(deliver("pager", {}, sampleMessage(), SEND_OPTIONS));
    expect(error).toMatchObject({ retryable: false, message: 'unknown channel type "pager": expected one of email, slack, discord, webhook, sms, ntfy' });
    expect(await deliver("toString", {}, sampleMessage(), SEND_OPTIONS).catch((e: DeliveryError) => e.retryable)).toBe(false);
  });
});
