import { describe, expect, it } from "vitest";
import { buildSmsText, SMS_MAX_CHARS, smsChannel, smsConfigSchema, type SmsConfig } from "./sms";
import { ACK_URL, DASHBOARD_URL, sampleMessage, SEND_OPTIONS, failure, useRecorders } from "./test-fixtures";
import { DeliveryError } from "./types";

const SID = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "f00dfeedf00dfeedf00dfeedf00dfeed";

function config(baseUrl: string, to = ["+14155550123"]): SmsConfig {
  return smsConfigSchema.parse({ accountSid: SID, authToken: TOKEN, from: "+14155550100", to, baseUrl });
}

describe("sms text", () => {
  it("says what, since when, where and why, then the acknowledge link", () => {
    expect(buildSmsText(sampleMessage())).toBe(`DOWN: API is down since 10:02 UTC (eu-west, us-east: connect ECONNREFUSED). Ack: ${ACK_URL}`);
  });

  it("takes the start time from a Since fact, and does not repeat regions the error already names", () => {
    const message = sampleMessage({
      event: "reminder",
      at: Date.UTC(2024, 4, 1, 10, 32),
      title: "API is down (still unacknowledged after 30 min)",
      facts: [
        { label: "Since", value: "2024-05-01 10:02 UTC (30 min ago)" },
        { label: "Regions", value: "2 of 3 regions: eu-west, us-east" },
        { label: "Error", value: "2 of 3 regions down: eu-west: connect ECONNREFUSED; us-east: connect ECONNREFUSED" },
      ],
    });
    expect(buildSmsText(message)).toBe(
      `REMINDER: API is down (still unacknowledged after 30 min) since 10:02 UTC (2 of 3 regions down: eu-west: connect ECONNREFUSED; us-east: connect ECONNREFUSED). Ack: ${ACK_URL}`,
    );
  });

  it("says 'at' for a recovery and links the dashboard when there is nothing to acknowledge", () => {
    const message = sampleMessage({
      event: "recovery",
      severity: "resolved",
      title: "API is up again.",
      facts: [],
      links: [{ label: "Open dashboard", url: DASHBOARD_URL, kind: "dashboard" }],
    });
    expect(buildSmsText(message)).toBe(`RESOLVED: API is up again at 10:02 UTC. More: ${DASHBOARD_URL}`);
  });

  it(`is at most ${SMS_MAX_CHARS} characters, cuts the text and never the link, and uses no non-GSM ellipsis`, () => {
    const text = buildSmsText(sampleMessage({ title: "Checkout API in every region ".repeat(30) }));
    expect(Array.from(text).length).toBeLessThanOrEqual(SMS_MAX_CHARS);
    expect(text.endsWith(`... Ack: ${ACK_URL}`)).toBe(true);
    expect(text).toMatch(/^DOWN: Checkout API in every region/);
    expect(text).not.toContain("…");
    const noLink = buildSmsText(sampleMessage({ title: "x".repeat(1000), links: [] }));
    expect(noLink.length).toBe(SMS_MAX_CHARS);
    expect(noLink.endsWith("...")).toBe(true);
  });
});

describe("sms settings", () => {
  it("defaults baseUrl to Twilio's API", () => {
    expect(smsConfigSchema.parse({ accountSid: SID, authToken: TOKEN, from: "+14155550100", to: ["+447700900123"] }).baseUrl).toBe("https://api.twilio.com");
  });

  it("says what to change", () => {
    const result = smsConfigSchema.safeParse({ accountSid: "123", authToken: "", from: "Status", to: ["0155 555"], baseUrl: "http://twilio.example.com" });
    const byPath = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(byPath.accountSid).toBe('expected a Twilio Account SID: "AC" followed by 32 hex digits, got "123"');
    expect(byPath.authToken).toMatch(/^must not be empty/);
    expect(byPath.from).toMatch(/^expected the sending number in E\.164 form/);
    expect(byPath["to.0"]).toMatch(/^expected a phone number in E\.164 form .*, got "0155 555"$/);
    expect(byPath.baseUrl).toMatch(/^must be an https URL/);
  });
});

describe("sms send (Twilio API)", () => {
  const receive = useRecorders();

  it("POSTs one form per number with basic auth and a per-number idempotency token; 201 with a sid is sent", async () => {
    let n = 0;
    const receiver = await receive(() => ({ status: 201, body: JSON.stringify({ sid: `SM${++n}`, status: "queued" }), headers: { "content-type": "application/json" } }));
    const body = buildSmsText(sampleMessage());
    const outcome = await smsChannel.send({ body }, config(receiver.url + "/", ["+14155550123", "+447700900123"]), SEND_OPTIONS);
    expect(outcome.detail).toBe("Twilio accepted: +14155550123 SM1, +447700900123 SM2");

    expect(receiver.requests).toHaveLength(2);
    for (const [i, req] of receiver.requests.entries()) {
      expect(req.method).toBe("POST");
      expect(req.url).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
      expect(req.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      const [scheme, credentials] = String(req.headers.authorization).split(" ");
      expect(scheme).toBe("Basic");
      expect(Buffer.from(credentials, "base64").toString()).toBe(`${SID}:${TOKEN}`);
      expect(req.headers["i-twilio-idempotency-token"]).toBe(`${SEND_OPTIONS.idempotencyKey}-${i}`);
      const form = new URLSearchParams(req.body);
      expect(form.get("From")).toBe("+14155550100");
      expect(form.get("Body")).toBe(body);
    }
    expect(receiver.requests.map((r) => new URLSearchParams(r.body).get("To"))).toEqual(["+14155550123", "+447700900123"]);
  });

  it("sends from a Messaging Service when `from` is one", async () => {
    const receiver = await receive(() => ({ status: 201, body: JSON.stringify({ sid: "SM1" }) }));
    const mg = `MG${"a".repeat(32)}`;
    await smsChannel.send({ body: "hi" }, { ...config(receiver.url), from: mg }, SEND_OPTIONS);
    const form = new URLSearchParams(receiver.requests[0].body);
    expect([form.get("MessagingServiceSid"), form.get("From")]).toEqual([mg, null]);
  });

  it("quotes Twilio's error: 400 is not retryable, 429 and 500 are", async () => {
    let answer = { status: 400, body: JSON.stringify({ code: 21211, message: "The 'To' number +15005550001 is not a valid phone number.", status: 400 }) };
    const receiver = await receive(() => answer);
    const send = () => failure(smsChannel.send({ body: "hi" }, config(receiver.url), SEND_OPTIONS));

    const invalid = await send();
    expect(invalid).toBeInstanceOf(DeliveryError);
    expect(invalid).toMatchObject({ retryable: false });
    expect(invalid.message).toBe("sms: failed for +14155550123: HTTP 400: The 'To' number +15005550001 is not a valid phone number. (Twilio error 21211)");
    answer = { status: 429, body: JSON.stringify({ code: 20429, message: "Too Many Requests" }) };
    expect(await send()).toMatchObject({ retryable: true });
    answer = { status: 500, body: "oops" };
    expect(await send()).toMatchObject({ retryable: true, message: "sms: failed for +14155550123: HTTP 500: oops" });
  });

  it("tries every number when one fails, and says which got the text", async () => {
    const receiver = await receive((req) =>
      new URLSearchParams(req.body).get("To") === "+14155550123" ? { status: 503, body: "unavailable" } : { status: 201, body: JSON.stringify({ sid: "SM9" }) },
    );
    const error = await failure(smsChannel.send({ body: "hi" }, config(receiver.url, ["+14155550123", "+447700900123"]), SEND_OPTIONS));
    expect(receiver.requests).toHaveLength(2);
    expect(error).toMatchObject({ retryable: true, message: "sms: failed for +14155550123: HTTP 503: unavailable; sent to +447700900123 SM9" });
  });

  it("does not take a 2xx without a message sid as sent (baseUrl is not Twilio)", async () => {
    const receiver = await receive(() => ({ status: 200, body: "<html>welcome</html>" }));
    const error = await failure(smsChannel.send({ body: "hi" }, config(receiver.url), SEND_OPTIONS));
    expect(error).toMatchObject({ retryable: false });
    expect(error.message).toMatch(/without a message sid \(is baseUrl Twilio's API\?\)/);
  });
});
