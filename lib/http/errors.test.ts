import { describe, expect, it } from "vitest";
import { z } from "zod";
import { HTTP_STATUS_OF, USER_ERROR_CODES, UserError } from "../errors";
import { errorResponse, INTERNAL_ERROR_MESSAGE, messageOnlyBody } from "./errors";

describe("errorResponse", () => {
  it("answers each code with its status and { error: { code, message } }", async () => {
    const expected = { invalid_input: 422, not_found: 404, conflict: 409, gone: 410, rate_limited: 429, unauthorized: 401, forbidden: 403, unavailable: 503 };
    expect(HTTP_STATUS_OF).toEqual(expected);
    for (const code of USER_ERROR_CODES) {
      const res = errorResponse(new UserError(code, `Fix the ${code}.`));
      expect(res.status, code).toBe(expected[code]);
      expect(await res.json()).toEqual({ error: { code, message: `Fix the ${code}.` } });
    }
  });

  it("says when to retry on 429, in whole seconds, and only there", () => {
    const limited = errorResponse(new UserError("rate_limited", "Too many. Try again in a minute.", { retryAfterS: 59.2 }), { headers: { "cache-control": "no-store" } });
    expect(limited.headers.get("retry-after")).toBe("60");
    expect(limited.headers.get("cache-control")).toBe("no-store");
    expect(errorResponse(new UserError("rate_limited", "Slow down.")).headers.get("retry-after")).toBeNull();
    expect(errorResponse(new UserError("conflict", "Taken.", { retryAfterS: 5 })).headers.get("retry-after")).toBeNull();
  });

  it("passes field errors on, and turns a zod error into 422 with every issue by field", async () => {
    const thrown = errorResponse(new UserError("invalid_input", "Enter an email.", { fieldErrors: { email: ["Enter an email."] } }));
    expect(await thrown.json()).toEqual({ error: { code: "invalid_input", message: "Enter an email.", fields: { email: ["Enter an email."] } } });

    const parsed = z.object({ email: z.email({ error: "Enter an email." }), age: z.number({ error: "Give a number." }) }).safeParse({ email: "x", age: "y" });
    const res = errorResponse(parsed.error);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: { code: "invalid_input", message: "Enter an email.", fields: { email: ["Enter an email."], age: ["Give a number."] } } });
  });

  it("answers anything else with a generic 500 that shows no internals, and logs them", async () => {
    const logged: string[] = [];
    const res = errorResponse(new Error("SQLITE_BUSY: database is locked at /var/lib/status/db.sqlite"), { log: (m) => logged.push(m) });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: INTERNAL_ERROR_MESSAGE } });
    expect(text).not.toMatch(/SQLITE|\/var\/lib/);
    expect(logged.join("\n")).toContain("SQLITE_BUSY: database is locked");
    expect(errorResponse("a string", { log: () => {} }).status).toBe(500);
  });

  it("keeps an older public API's body and statuses where its callers rely on them", async () => {
    const res = errorResponse(new UserError("not_found", "unknown push token"), { body: (e) => ({ ok: false, error: e.message }) });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ ok: false, error: "unknown push token" });
    const bad = errorResponse(new UserError("invalid_input", 'status must be "up" or "down"'), { body: messageOnlyBody, status: { invalid_input: 400 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'status must be "up" or "down"' });
    const internal = errorResponse(new Error("secret detail"), { body: messageOnlyBody, log: () => {} });
    expect(await internal.json()).toEqual({ error: INTERNAL_ERROR_MESSAGE });
  });
});
