import { describe, expect, it } from "vitest";
import { buildDiscordPayload, discordChannel, discordConfigSchema, escapeDiscord } from "./discord";
import { ACK_URL, DASHBOARD_URL, hostileMessage, sampleMessage, SEND_OPTIONS, failure, useRecorders } from "./test-fixtures";
import { DeliveryError } from "./types";

describe("discord payload", () => {
  it("has content, one embed coloured by severity with fields, the dashboard URL and an ISO timestamp, and no mentions", () => {
    const payload = buildDiscordPayload(sampleMessage());
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.content).toBe("**DOWN** API is down");
    expect(payload.embeds).toHaveLength(1);
    const [embed] = payload.embeds;
    expect(embed.title).toBe("[DOWN] API is down");
    expect(embed.description).toBe("3 of 3 regions failed twice\\: connect ECONNREFUSED.");
    expect(embed.color).toBe(0xd93025);
    expect(embed.url).toBe(DASHBOARD_URL);
    expect(embed.timestamp).toBe("2024-05-01T10:02:30.000Z");
    expect(embed.fields.slice(0, 3)).toEqual([
      { name: "Since", value: "2024\\-05\\-01 10\\:02 UTC", inline: true },
      { name: "Regions", value: "eu\\-west, us\\-east", inline: true },
      { name: "Error", value: "connect ECONNREFUSED", inline: true },
    ]);
    const links = embed.fields[3];
    expect(links.name).toBe("Links");
    // Acknowledge first.
    expect(links.value).toBe(`[Acknowledge](${ACK_URL}) · [Open dashboard](${DASHBOARD_URL})`);
  });

  it("colours a recovery green and a warning amber", () => {
    expect(buildDiscordPayload(sampleMessage({ event: "recovery", severity: "resolved" })).embeds[0].color).toBe(0x188038);
    expect(buildDiscordPayload(sampleMessage({ severity: "warning" })).embeds[0].color).toBe(0xe37400);
  });

  it("escapes markdown in incident text, so it cannot make links, and drops non-web links", () => {
    const payload = buildDiscordPayload(hostileMessage());
    const description = payload.embeds[0].description;
    expect(description).toContain("\\[Log in\\]\\(https\\://evil.example/phish\\)");
    expect(description).toContain("\\@everyone \\<!channel\\> \\<\\@U123\\>");
    expect(JSON.stringify(payload)).not.toContain("javascript:");
    expect(escapeDiscord("a*b_c`d")).toBe("a\\*b\\_c\\`d");
  });

  it("keeps an embed within Discord's 6000-character total", () => {
    const facts = Array.from({ length: 30 }, (_, i) => ({ label: `fact ${i} ${"l".repeat(300)}`, value: "v".repeat(2000) }));
    const [embed] = buildDiscordPayload(sampleMessage({ title: "t".repeat(1000), summary: "s".repeat(10_000), facts, ref: "r".repeat(500) })).embeds;
    const total = embed.title.length + embed.description.length + (embed.footer?.text.length ?? 0) + embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(6000);
    expect(embed.fields.length).toBeLessThanOrEqual(25);
    expect(embed.title.length).toBeLessThanOrEqual(256);
  });
});

describe("discord settings", () => {
  it("wants https, and masks the URL in the error", () => {
    const result = discordConfigSchema.safeParse({ webhookUrl: "ftp://discord.com/api/webhooks/1/TOKENtoken9876" });
    expect(result.error?.issues[0].message).toMatch(/^must be an https URL like https:\/\/discord\.com\/api\/webhooks\/.*, got ftp:\/\/discord\.com\/…9876$/);
  });
});

describe("discord send", () => {
  const receive = useRecorders();

  it("POSTs the JSON payload and takes 204 as delivered", async () => {
    const receiver = await receive(() => ({ status: 204 }));
    const payload = buildDiscordPayload(sampleMessage());
    const outcome = await discordChannel.send(payload, { webhookUrl: `${receiver.url}/api/webhooks/1/tok` }, SEND_OPTIONS);
    expect(outcome.detail).toBe("HTTP 204");
    const [req] = receiver.requests;
    expect([req.method, req.url]).toEqual(["POST", "/api/webhooks/1/tok"]);
    expect(req.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(req.body)).toEqual(payload);
  });

  it("quotes Discord's JSON error on 400 (not retryable) and retries 429 and 502", async () => {
    const answers = [
      { status: 400, body: JSON.stringify({ message: "Invalid Form Body", code: 50035, errors: { embeds: { "0": { description: "too long" } } } }) },
      { status: 429, body: JSON.stringify({ message: "You are being rate limited.", retry_after: 1.5 }), headers: { "retry-after": "2" } },
      { status: 502, body: "<html>bad gateway</html>" },
    ];
    let i = 0;
    const receiver = await receive(() => answers[i++]);
    const send = () => failure(discordChannel.send(buildDiscordPayload(sampleMessage()), { webhookUrl: receiver.url + "/h" }, SEND_OPTIONS));

    const invalid = await send();
    expect(invalid).toBeInstanceOf(DeliveryError);
    expect(invalid).toMatchObject({ retryable: false });
    expect(invalid.message).toMatch(/^discord: HTTP 400: Invalid Form Body \(code 50035\) .*too long/);
    expect(await send()).toMatchObject({ retryable: true, retryAfterMs: 2000, message: "discord: HTTP 429: You are being rate limited." });
    expect(await send()).toMatchObject({ retryable: true, message: "discord: HTTP 502: <html>bad gateway</html>" });
  });
});
