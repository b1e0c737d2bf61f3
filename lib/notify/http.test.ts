import { describe, expect, it } from "vitest";
import { expectSuccess, isRetryableStatus, MAX_ANSWER_BYTES, postHttp, retryAfterMs } from "./http";
import { failure, useRecorders } from "./test-fixtures";

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
