import { describe, expect, it } from "vitest";
import { maskSecret } from "./mask";

describe("maskSecret", () => {
  it("keeps a URL's scheme and host, and at most the last 4 characters of the rest", () => {
    expect(maskSecret("https://hooks.slack.com/services/T0AB12CD/B0EF34GH/k9Lm8Np7Qr6Sa1B2")).toBe("https://hooks.slack.com/…a1B2");
    expect(maskSecret("https://discord.com/api/webhooks/1234567890/abcdefghijklmnopqrstuvwxyZ9")).toBe("https://discord.com/…xyZ9");
  });

  it("drops a URL's user and password", () => {
    const masked = maskSecret("https://admin:hunter2hunter2@example.com/hook/abcdefghijkl");
    expect(masked).toBe("https://example.com/…ijkl");
    expect(masked).not.toContain("hunter2");
  });

  it("keeps a type prefix", () => {
    expect(maskSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSwXyZ9")).toBe("whsec_…XyZ9");
    expect(maskSecret("tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2")).toBe("tk_…NIz2");
  });

  it("shows only the last 4 of anything else, and nothing of a short secret", () => {
    expect(maskSecret("f00dfeedf00dfeedf00dfeedf00d1234")).toBe("••••1234");
    expect(maskSecret("short1234")).toBe("••••");
    expect(maskSecret("https://example.com/abc")).toBe("https://example.com/…");
    expect(maskSecret("")).toBe("••••");
  });
});
