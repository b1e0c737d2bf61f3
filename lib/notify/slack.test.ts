import { describe, expect, it } from "vitest";
import { buildSlackPayload, slackChannel, slackConfigSchema, type SlackBlock } from "./slack";
import { ACK_URL, DASHBOARD_URL, closedPortUrl, hostileMessage, sampleMessage, SEND_OPTIONS, failure, useRecorders } from "./test-fixtures";
import { DeliveryError } from "./types";

function blocksOf<T extends SlackBlock["type"]>(blocks: SlackBlock[], type: T): Extract<SlackBlock, { type: T }>[] {
  return blocks.filter((b): b is Extract<SlackBlock, { type: T }> => b.type === type);
}

describe("slack payload", () => {
  it("has a header, the summary, the facts as fields, link buttons with acknowledge first, and a text fallback", () => {
    const payload = buildSlackPayload(sampleMessage());
    const [header] = blocksOf(payload.blocks, "header");
    expect(header.text.text).toBe(":red_circle: [DOWN] API is down");
    const sections = blocksOf(payload.blocks, "section");
    expect(sections[0].text?.text).toBe("3 of 3 regions failed twice: connect ECONNREFUSED.");
    expect(sections[1].fields?.map((f) => f.text)).toEqual(["*Since*\n2024-05-01 10:02 UTC", "*Regions*\neu-west, us-east", "*Error*\nconnect ECONNREFUSED"]);
    const [actions] = blocksOf(payload.blocks, "actions");
    expect(actions.elements.map((b) => [b.text.text, b.url, b.style])).toEqual([
      ["Acknowledge", ACK_URL, "primary"],
      ["Open dashboard", DASHBOARD_URL, undefined],
    ]);
    expect(new Set(actions.elements.map((b) => b.action_id)).size).toBe(2);
    expect(payload.text).toBe("[DOWN] API is down: 3 of 3 regions failed twice: connect ECONNREFUSED.");
    const [context] = blocksOf(payload.blocks, "context");
    expect(context.elements[0].text).toBe(`<!date^${Date.UTC(2024, 4, 1, 10, 2, 30) / 1000}^{date_short_pretty} {time}|2024-05-01 10:02 UTC>`);
  });

  it("words the label by event: recovery, reminder, maintenance", () => {
    expect(buildSlackPayload(sampleMessage({ event: "recovery", severity: "resolved", title: "API is up" })).text).toMatch(/^\[RESOLVED\] API is up/);
    expect(buildSlackPayload(sampleMessage({ event: "reminder" })).text).toMatch(/^\[REMINDER\] /);
    expect(buildSlackPayload(sampleMessage({ event: "maintenance_started", severity: "info" })).text).toMatch(/^\[MAINTENANCE\] /);
  });

  it("escapes incident text so it cannot mention @channel or make links, and drops non-web links", () => {
    const payload = buildSlackPayload(hostileMessage());
    const json = JSON.stringify(payload);
    expect(json).not.toContain("<!channel>");
    expect(json).not.toContain("<@U123>");
    expect(json).not.toContain("javascript:");
    const sections = blocksOf(payload.blocks, "section");
    expect(sections[0].text?.text).toContain("&lt;!channel&gt; &lt;@U123&gt;");
    expect(sections[1].fields?.[0].text).toBe("*&lt;i&gt;Error&lt;/i&gt;*\n&lt;svg onload=alert(2)&gt;");
    expect(payload.text).toContain("&lt;script&gt;");
  });

  it("stays within Block Kit limits and never cuts an escape in half", () => {
    const payload = buildSlackPayload(sampleMessage({ title: "x".repeat(400), summary: "&".repeat(2000) }));
    expect(Array.from(blocksOf(payload.blocks, "header")[0].text.text).length).toBeLessThanOrEqual(150);
    const summary = blocksOf(payload.blocks, "section")[0].text!.text;
    expect(summary.length).toBeLessThanOrEqual(3000);
    expect(summary).toMatch(/(&amp;)+…$/);
  });
});

describe("slack settings", () => {
  it("takes an https webhook URL, and http only on loopback", () => {
    expect(slackConfigSchema.safeParse({ webhookUrl: "https://hooks.slack.com/services/T0/B0/abcdefghijkl" }).success).toBe(true);
    expect(slackConfigSchema.safeParse({ webhookUrl: "http://127.0.0.1:8080/hook" }).success).toBe(true);
    expect(slackConfigSchema.safeParse({ webhookUrl: "http://[::1]:8080/hook" }).success).toBe(true);
  });

  it("says what to change, without printing the secret URL", () => {
    const result = slackConfigSchema.safeParse({ webhookUrl: "http://hooks.slack.com/services/T0/B0/SECRETsecret1234" });
    expect(result.success).toBe(false);
    const message = result.error!.issues[0].message;
    expect(message).toMatch(/must be an https URL/);
    expect(message).toContain("http://hooks.slack.com/…1234");
    expect(message).not.toContain("SECRETsecret");
    expect(slackConfigSchema.safeParse({}).error!.issues[0]).toMatchObject({ path: ["webhookUrl"], message: expect.stringMatching(/^is required/) });
  });
});

describe("slack send", () => {
  const receive = useRecorders();

  it("POSTs the payload as JSON and takes 200 as delivered", async () => {
    const receiver = await receive(() => ({ status: 200, body: "ok" }));
    const payload = buildSlackPayload(sampleMessage());
    const outcome = await slackChannel.send(payload, { webhookUrl: `${receiver.url}/services/T0/B0/xyz` }, SEND_OPTIONS);
    expect(outcome.detail).toBe("HTTP 200");
    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    expect(req.method).toBe("POST");
    expect(req.url).toBe("/services/T0/B0/xyz");
    expect(req.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(req.body)).toEqual(payload);
  });

  it("takes 429 as retryable, with the wait Slack asked for", async () => {
    const receiver = await receive(() => ({ status: 429, body: "rate_limited", headers: { "retry-after": "7" } }));
    const error = await failure(slackChannel.send(buildSlackPayload(sampleMessage()), { webhookUrl: receiver.url + "/h" }, SEND_OPTIONS));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: true, retryAfterMs: 7000, message: "slack: HTTP 429: rate_limited" });
  });

  it("takes 500 as retryable and 400/404 as not, quoting Slack's answer", async () => {
    let status = 500;
    let body = "internal";
    const receiver = await receive(() => ({ status, body }));
    const send = () => failure(slackChannel.send(buildSlackPayload(sampleMessage()), { webhookUrl: receiver.url + "/h" }, SEND_OPTIONS));
    expect(await send()).toMatchObject({ retryable: true, message: "slack: HTTP 500: internal" });
    status = 400;
    body = "invalid_payload";
    expect(await send()).toMatchObject({ retryable: false, message: "slack: HTTP 400: invalid_payload" });
    status = 404;
    body = "no_service";
    expect(await send()).toMatchObject({ retryable: false, message: "slack: HTTP 404: no_service" });
  });

  it("takes a refused connection and a missed deadline as retryable", async () => {
    const closed = await closedPortUrl();
    const refused = await failure(slackChannel.send(buildSlackPayload(sampleMessage()), { webhookUrl: `${closed}/secret-path` }, SEND_OPTIONS));
    expect(refused).toMatchObject({ retryable: true });
    expect(refused.message).toMatch(/ECONNREFUSED/);
    expect(refused.message).not.toContain("secret-path");

    const receiver = await receive(() => ({ status: 200, hang: true }));
    const started = Date.now();
    const late = await failure(slackChannel.send(buildSlackPayload(sampleMessage()), { webhookUrl: receiver.url + "/h" }, { ...SEND_OPTIONS, timeoutMs: 300 }));
    expect(late).toMatchObject({ retryable: true, message: expect.stringContaining("within 300 ms") });
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
