import { describe, expect, it } from "vitest";
import { siteUrlFrom, siteUrlFromEnv } from "./site-url";

const h = (init: Record<string, string>) => new Headers(init);

describe("siteUrlFrom", () => {
  it("prefers PUBLIC_URL, without a trailing slash; APP_URL (the worker's loopback address) is not a public origin", () => {
    expect(siteUrlFrom(h({ host: "evil.test" }), { PUBLIC_URL: "https://status.example.com/", APP_URL: "https://app.example.com" })).toBe("https://status.example.com");
    expect(siteUrlFrom(h({ host: "status.example.com" }), { APP_URL: "http://127.0.0.1:3000" })).toBe("http://status.example.com");
  });

  it("gives notification links PUBLIC_URL, else APP_URL, else localhost", () => {
    expect(siteUrlFromEnv({ PUBLIC_URL: "https://status.example.com/", APP_URL: "http://127.0.0.1:3000" })).toBe("https://status.example.com");
    expect(siteUrlFromEnv({ APP_URL: "http://127.0.0.1:3000//" })).toBe("http://127.0.0.1:3000");
    expect(siteUrlFromEnv({ PORT: "4000" })).toBe("http://localhost:4000");
  });

  it("uses the origin a proxy reports, else the Host header", () => {
    const env = {};
    expect(siteUrlFrom(h({ host: "10.0.0.5:3000", "x-forwarded-proto": "https", "x-forwarded-host": "status.example.com" }), env)).toBe("https://status.example.com");
    expect(siteUrlFrom(h({ host: "status.example.com", "x-forwarded-proto": "https, http" }), env)).toBe("https://status.example.com");
    expect(siteUrlFrom(h({ host: "Status.Example.com:8080" }), env)).toBe("http://status.example.com:8080");
    expect(siteUrlFrom(h({ host: "[::1]:3000" }), env)).toBe("http://[::1]:3000");
  });

  it("ignores header values that are not a scheme and a host", () => {
    const env = { PORT: "4000" };
    expect(siteUrlFrom(h({ host: "status.example.com", "x-forwarded-proto": "javascript" }), env)).toBe("http://status.example.com");
    expect(siteUrlFrom(h({ host: 'evil.test/"><script>' }), env)).toBe("http://localhost:4000");
    expect(siteUrlFrom(h({ host: "evil.test/path" }), env)).toBe("http://localhost:4000");
    expect(siteUrlFrom(h({ host: "user@evil.test" }), env)).toBe("http://localhost:4000");
    expect(siteUrlFrom(h({}), env)).toBe("http://localhost:4000");
  });
});
