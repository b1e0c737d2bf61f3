import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectSuccess, isRetryableStatus, MAX_ANSWER_BYTES, postHttp, retryAfterMs } from "./http";
import { deliver } from "./index";
import { failure, sampleMessage, SEND_OPTIONS, useRecorders } from "./test-fixtures";

describe("postHttp", () => {
  const receive = useRecorders();

  it("reads at most MAX_ANSWER_BYTES of an answer", async () => {
    const receiver = await receive(() => ({ status: 500, body: "x".repeat(4 * MAX_ANSWER_BYTES) }));
    const answer = await postHttp("test", receiver.url, { headers: {}, body: "" }, { timeoutMs: 3_000 });
    expect(answer.statusCode).toBe(500);
    expect(answer.text.length).toBe(MAX_ANSWER_BYTES);
  });

  it("sends our user agent unless told otherwise", async () => {
    const receiver = await receive(() => ({ status: 200 }));
    await postHttp("test", receiver.url, { headers: {}, body: "" }, { timeoutMs: 3_000 });
    expect(receiver.requests[0].headers["user-agent"]).toMatch(/^status-monitor\//);
  });
});

describe("status mapping", () => {
  it("retries 408, 429 and 5xx only", () => {
    expect([408, 429, 500, 502, 503, 504].every(isRetryableStatus)).toBe(true);
    expect([400, 401, 403, 404, 410, 413, 422].some(isRetryableStatus)).toBe(false);
  });

  it("quotes a long answer only in part, on one line", async () => {
    const error = await failure(Promise.resolve().then(() => expectSuccess("test", { statusCode: 400, headers: {}, text: `bad\n\nrequest ${"y".repeat(1000)}` })));
    expect(error.message.startsWith("test: HTTP 400: bad request yyy")).toBe(true);
    expect(error.message.length).toBeLessThan(330);
  });

  it("reads Retry-After in seconds or as a date", () => {
    const now = Date.UTC(2024, 4, 1, 10, 0, 0);
    expect(retryAfterMs({ "retry-after": "120" }, now)).toBe(120_000);
    expect(retryAfterMs({ "retry-after": new Date(now + 30_000).toUTCString() }, now)).toBe(30_000);
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
  });
});

describe("the target policy on channels (PROBE_BLOCK_PRIVATE)", () => {
  const receive = useRecorders();
  const SECRET = `whsec_${Buffer.alloc(32, 3).toString("base64")}`;
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.PROBE_BLOCK_PRIVATE;
    process.env.PROBE_BLOCK_PRIVATE = "true";
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.PROBE_BLOCK_PRIVATE;
    else process.env.PROBE_BLOCK_PRIVATE = saved;
  });

  it("refuses a Slack and a webhook channel pointed at a loopback receiver, for good, and the receiver gets no request", async () => {
    const receiver = await receive(() => ({ status: 500, body: "internal secret: db password is hunter2" }));
    const slack = await failure(deliver("slack", { webhookUrl: `${receiver.url}/services/T0/B0/xyz` }, sampleMessage(), SEND_OPTIONS));
    const hook = await failure(deliver("webhook", { url: `${receiver.url}/hook`, secret: SECRET }, sampleMessage(), SEND_OPTIONS));
    expect(receiver.requests).toEqual([]);
    for (const [service, error] of [["slack", slack], ["webhook", hook]] as const) {
      expect(error.retryable).toBe(false);
      expect(error.message).toMatch(new RegExp(`^${service}: refused to connect to 127\\.0\\.0\\.1: private, loopback, link-local and metadata addresses are blocked`));
      expect(error.message).toContain("set PROBE_BLOCK_PRIVATE=false to allow private receivers");
      expect(error.message).not.toContain("hunter2");
      expect(error.message).not.toContain("/services/T0");
    }
  });

  it("refuses a name that resolves to loopback on the address it resolved to (localhost)", async () => {
    const receiver = await receive(() => ({ status: 200 }));
    const port = new URL(receiver.url).port;
    const error = await failure(deliver("slack", { webhookUrl: `http://localhost:${port}/services/x` }, sampleMessage(), SEND_OPTIONS));
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/^slack: refused to connect to localhost \((127\.0\.0\.1|::1)\): private/);
    expect(receiver.requests).toEqual([]);
  });

  it("delivers to the same receiver with PROBE_BLOCK_PRIVATE=false", async () => {
    process.env.PROBE_BLOCK_PRIVATE = "false";
    const receiver = await receive(() => ({ status: 200 }));
    expect(await deliver("slack", { webhookUrl: `${receiver.url}/services/x` }, sampleMessage(), SEND_OPTIONS)).toEqual({ detail: "HTTP 200" });
    expect(receiver.requests).toHaveLength(1);
  });

  it("a custom judge sees the name and the address it resolved to, and its refusal stops the request before a byte is sent", async () => {
    // connector.ts is the one place: the judge sees each connection's own lookup result.
    const seen: string[] = [];
    const receiver = await receive(() => ({ status: 200 }));
    const port = new URL(receiver.url).port;
    const judge = (hostname: string, address: string) => (seen.push(`${hostname}=${address}`), address === "127.0.0.1" ? "refused: test judge" : undefined);
    const error = await failure(postHttp("test", `http://localhost:${port}/x`, { headers: {}, body: "" }, { timeoutMs: 3_000, policy: { judge } }));
    expect(error.message).toBe("test: refused: test judge");
    expect(seen[0]).toMatch(/^localhost=(127\.0\.0\.1|::1)$/);
    expect(receiver.requests).toEqual([]);
  });
});
