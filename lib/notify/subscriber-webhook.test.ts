import { lookup as realLookup } from "node:dns/promises";
import os from "node:os";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { encryptSecret } from "../secrets/crypto";
import { directWebhookMessage, sendDirectWebhook } from "./subscriber-webhook";
import { failure, SEND_OPTIONS, useRecorders } from "./test-fixtures";

/**
 * A resolver that fails the next lookup of chosen names (a DNS server that does not answer in
 * time, once), and otherwise answers as the system does. It stands in for a name whose answer
 * changes between two lookups: the only safe number of lookups per connection is one, whose
 * answer is judged and connected to.
 */
const flaky = vi.hoisted(() => ({ failNext: new Set<string>(), lookups: [] as string[] }));

function eaiAgain(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: "EAI_AGAIN", hostname });
}

vi.mock("node:dns", async (importOriginal) => {
  const dns = await importOriginal<typeof import("node:dns")>();
  const lookup = (hostname: string, options: unknown, callback: (...args: unknown[]) => void) => {
    flaky.lookups.push(hostname);
    if (flaky.failNext.delete(hostname)) return process.nextTick(() => callback(eaiAgain(hostname)));
    return (dns.lookup as (...args: unknown[]) => void)(hostname, options, callback);
  };
  return { ...dns, default: { ...dns, lookup }, lookup };
});
vi.mock("node:dns/promises", async (importOriginal) => {
  const dns = await importOriginal<typeof import("node:dns/promises")>();
  const lookup = async (hostname: string, options: unknown) => {
    flaky.lookups.push(hostname);
    if (flaky.failNext.delete(hostname)) throw eaiAgain(hostname);
    return (dns.lookup as (...args: unknown[]) => unknown)(hostname, options);
  };
  return { ...dns, default: { ...dns, lookup }, lookup };
});

const SECRET = `whsec_${Buffer.alloc(32, 5).toString("base64")}`;

function message(url: string) {
  return directWebhookMessage({ title: "API is down", url, body: JSON.stringify({ type: "incident.created" }), secret: encryptSecret(SECRET) }) as unknown as Record<string, unknown>;
}

/** This machine's own name when it resolves to loopback only (/etc/hosts on most machines), else undefined. */
const loopbackName = await (async () => {
  const name = os.hostname();
  try {
    const addresses = await realLookup(name, { all: true });
    return addresses.length > 0 && addresses.every((a) => a.address.startsWith("127.") || a.address === "::1") && name !== "localhost" ? name : undefined;
  } catch {
    return undefined;
  }
})();

describe("subscriber webhooks and private addresses", () => {
  const receive = useRecorders();
  const saved = { ...process.env };
  beforeEach(() => {
    delete process.env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE;
    // Subscriber webhooks refuse private targets whatever the checks' policy is.
    process.env.PROBE_BLOCK_PRIVATE = "false";
    flaky.failNext.clear();
    flaky.lookups.length = 0;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it("refuses 127.0.0.1 and localhost at delivery, for good, and the receiver gets no request", async () => {
    const receiver = await receive(() => ({ status: 500, body: "internal secret" }));
    const port = new URL(receiver.url).port;
    const literal = await failure(sendDirectWebhook(message(`${receiver.url}/hook`), SEND_OPTIONS));
    expect(literal).toMatchObject({ retryable: false, message: "webhook: refused to post to a subscriber URL: 127.0.0.1 is a private or loopback address" });
    const named = await failure(sendDirectWebhook(message(`http://localhost:${port}/hook`), SEND_OPTIONS));
    expect(named.retryable).toBe(false);
    expect(named.message).toMatch(/^webhook: refused to post to a subscriber URL: localhost resolves to (127\.0\.0\.1|::1), a private or loopback address$/);
    expect(receiver.requests).toEqual([]);
  });

  it("posts to a loopback receiver with SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE=1 (the tests' setting)", async () => {
    process.env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE = "1";
    const receiver = await receive(() => ({ status: 204 }));
    expect(await sendDirectWebhook(message(`${receiver.url}/hook`), SEND_OPTIONS)).toEqual({ detail: "HTTP 204" });
    expect(receiver.requests).toHaveLength(1);
  });

  it.skipIf(!loopbackName)(`resolves the name once and connects only to what it judged (this machine's name ${loopbackName ?? "(does not resolve to loopback here)"})`, async () => {
    const receiver = await receive(() => ({ status: 200 }));
    const url = `http://${loopbackName}:${new URL(receiver.url).port}/hook`;
    // The first lookup fails: a check that resolves on its own and lets the POST resolve again
    // would let the second answer (loopback) through unjudged.
    flaky.failNext.add(loopbackName!);
    const first = await failure(sendDirectWebhook(message(url), SEND_OPTIONS));
    expect(first.retryable).toBe(true);
    expect(first.message).toMatch(/EAI_AGAIN/);
    expect(receiver.requests).toEqual([]);
    // When the name resolves, it resolves to loopback, and is refused on that answer.
    const second = await failure(sendDirectWebhook(message(url), SEND_OPTIONS));
    expect(second).toMatchObject({ retryable: false, message: `webhook: refused to post to a subscriber URL: ${loopbackName} resolves to 127.0.0.1, a private or loopback address` });
    expect(receiver.requests).toEqual([]);
    expect(flaky.lookups.filter((name) => name === loopbackName)).toHaveLength(2);
  });
});
