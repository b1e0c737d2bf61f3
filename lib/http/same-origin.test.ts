import { describe, expect, it } from "vitest";
import { isSameOriginRequest, ownOrigin } from "./same-origin";

const h = (init: Record<string, string>) => new Headers(init);

describe("same-origin checks", () => {
  it("takes our origin from the headers the app server wrote", () => {
    expect(ownOrigin(h({ host: "127.0.0.1:3000" }))).toBe("http://127.0.0.1:3000");
    expect(ownOrigin(h({ host: "internal:3000", "x-forwarded-proto": "https", "x-forwarded-host": "status.example.com" }))).toBe("https://status.example.com");
  });

  it("accepts our own pages and plain clients, refuses another origin or a cross-site fetch", () => {
    const host = { host: "127.0.0.1:3000" };
    expect(isSameOriginRequest(h({ ...host, origin: "http://127.0.0.1:3000", "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOriginRequest(h({ ...host, "sec-fetch-site": "same-origin" }))).toBe(true);
    expect(isSameOriginRequest(h(host))).toBe(true);
    expect(isSameOriginRequest(h({ ...host, origin: "http://evil.example" }))).toBe(false);
    expect(isSameOriginRequest(h({ ...host, origin: "https://127.0.0.1:3000" }))).toBe(false);
    expect(isSameOriginRequest(h({ ...host, origin: "null" }))).toBe(false);
    expect(isSameOriginRequest(h({ ...host, "sec-fetch-site": "cross-site" }))).toBe(false);
    expect(isSameOriginRequest(h({ ...host, "sec-fetch-site": "same-site" }))).toBe(false);
  });
});
