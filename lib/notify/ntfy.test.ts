import { describe, expect, it } from "vitest";
import { buildNtfyPayload, headerText, ntfyChannel, ntfyConfigSchema } from "./ntfy";
import { ACK_URL, DASHBOARD_URL, sampleMessage, SEND_OPTIONS, failure, useRecorders } from "./test-fixtures";
import { DeliveryError } from "./types";

/** What ntfy does with an RFC 2047 header (base64 form). */
function decodeEncodedWord(value: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=$/.exec(value);
  return m ? Buffer.from(m[1], "base64").toString("utf8") : value;
}

describe("ntfy payload", () => {
  it("puts title, priority, tags, click and the acknowledge action in headers, and the summary with facts in the body", () => {
    const payload = buildNtfyPayload(sampleMessage());
    expect(payload.headers).toEqual({
      Title: "[DOWN] API is down",
      Priority: "5",
      Tags: "rotating_light",
      Click: DASHBOARD_URL,
      Actions: `view, "Acknowledge", "${ACK_URL}", clear=true; view, "Open dashboard", "${DASHBOARD_URL}"`,
    });
    expect(payload.body).toBe("3 of 3 regions failed twice: connect ECONNREFUSED.\n\nSince: 2024-05-01 10:02 UTC\nRegions: eu-west, us-east\nError: connect ECONNREFUSED");
  });

  it("uses priority 3 for information and recoveries", () => {
    expect(buildNtfyPayload(sampleMessage({ severity: "info", event: "maintenance_started" })).headers).toMatchObject({ Priority: "3", Tags: "information_source,wrench" });
    expect(buildNtfyPayload(sampleMessage({ severity: "resolved", event: "recovery" })).headers).toMatchObject({ Priority: "3", Tags: "white_check_mark" });
  });

  it("encodes non-ASCII header text as RFC 2047, which ntfy decodes", () => {
    const payload = buildNtfyPayload(sampleMessage({ title: "Zahlungs-API ausgefallen — 🔥" }));
    expect(payload.headers.Title).toMatch(/^=\?UTF-8\?B\?/);
    expect(decodeEncodedWord(payload.headers.Title)).toBe("[DOWN] Zahlungs-API ausgefallen — 🔥");
    expect(headerText("plain\r\nInjected: yes")).toBe("plain Injected: yes");
  });
});

describe("ntfy settings", () => {
  it("wants a topic URL", () => {
    expect(ntfyConfigSchema.safeParse({ url: "https://ntfy.sh/" }).error?.issues[0].message).toMatch(/^must end with the topic/);
    expect(ntfyConfigSchema.safeParse({ url: "https://ntfy.sh/team-alerts-7f3a" }).success).toBe(true);
    expect(ntfyConfigSchema.safeParse({ url: "https://ntfy.sh/t", token: "" }).error?.issues[0].message).toMatch(/^must not be empty/);
  });
});

describe("ntfy send", () => {
  const receive = useRecorders();

  it("POSTs the body with the headers, and the token as a bearer", async () => {
    const receiver = await receive(() => ({ status: 200, body: JSON.stringify({ id: "abc", event: "message" }) }));
    const payload = buildNtfyPayload(sampleMessage({ title: "Zahlungs-API ausgefallen" }));
    const outcome = await ntfyChannel.send(payload, { url: `${receiver.url}/team-alerts`, token: "tk_0123456789abcdef" }, SEND_OPTIONS);
    expect(outcome.detail).toBe("HTTP 200");
    const [req] = receiver.requests;
    expect([req.method, req.url]).toEqual(["POST", "/team-alerts"]);
    expect(req.body).toBe(payload.body);
    expect(req.headers.title).toBe("[DOWN] Zahlungs-API ausgefallen");
    expect(req.headers.priority).toBe("5");
    expect(req.headers.tags).toBe("rotating_light");
    expect(req.headers.click).toBe(DASHBOARD_URL);
    expect(req.headers.actions).toContain(`view, "Acknowledge", "${ACK_URL}", clear=true`);
    expect(req.headers.authorization).toBe("Bearer tk_0123456789abcdef");
  });

  it("sends no Authorization without a token", async () => {
    const receiver = await receive(() => ({ status: 200 }));
    await ntfyChannel.send(buildNtfyPayload(sampleMessage()), { url: `${receiver.url}/open-topic` }, SEND_OPTIONS);
    expect(receiver.requests[0].headers.authorization).toBeUndefined();
  });

  it("retries 429 and gives up on 403", async () => {
    let answer = { status: 429, body: '{"code":42901,"http":429,"error":"limit reached: too many requests"}' };
    const receiver = await receive(() => answer);
    const send = () => failure(ntfyChannel.send(buildNtfyPayload(sampleMessage()), { url: `${receiver.url}/t` }, SEND_OPTIONS));
    const limited = await send();
    expect(limited).toBeInstanceOf(DeliveryError);
    expect(limited).toMatchObject({ retryable: true });
    expect(limited.message).toContain("limit reached");
    answer = { status: 403, body: '{"code":40301,"http":403,"error":"forbidden"}' };
    expect(await send()).toMatchObject({ retryable: false, message: expect.stringContaining("HTTP 403") });
  });
});
