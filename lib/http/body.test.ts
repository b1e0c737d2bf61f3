import { describe, expect, it } from "vitest";
import { BodyError, readFormLimited, readJsonLimited } from "./body";

/** A body of `chunks` x 64 KiB, counting how many chunks the reader pulled. */
function endless(chunks: number) {
  const pulled = { n: 0 };
  const chunk = new Uint8Array(65_536).fill(0x61);
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.n >= chunks) return controller.close();
      pulled.n++;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled };
}

describe("bodies with a byte limit", () => {
  it("stops reading a streamed body as soon as it passes the limit", async () => {
    const { body, pulled } = endless(10_000); // 640 MiB if read to the end
    const request = new Request("http://x/", { method: "POST", body, duplex: "half" } as RequestInit);
    const err = (await readJsonLimited(request, 100_000).catch((e: unknown) => e)) as BodyError;
    expect(err).toBeInstanceOf(BodyError);
    expect(err.status).toBe(413);
    expect(err.message).toMatch(/larger than 100000 bytes/);
    expect(pulled.n).toBeLessThan(5);
  });

  it("refuses a declared length over the limit without reading", async () => {
    const { body, pulled } = endless(10);
    const request = new Request("http://x/", { method: "POST", body, duplex: "half", headers: { "content-length": "99999999" } } as RequestInit);
    await expect(readJsonLimited(request, 1_000)).rejects.toMatchObject({ status: 413 });
    expect(pulled.n).toBeLessThanOrEqual(1);
  });

  it("parses what fits, and says when it is not JSON or not a form", async () => {
    expect(await readJsonLimited(new Request("http://x/", { method: "POST", body: '{"a":1}' }), 100)).toEqual({ a: 1 });
    await expect(readJsonLimited(new Request("http://x/", { method: "POST", body: "{nope" }), 100)).rejects.toMatchObject({ status: 400 });
    const form = await readFormLimited(new Request("http://x/", { method: "POST", body: new URLSearchParams({ email: "a@b.c" }) }), 100);
    expect(form.get("email")).toBe("a@b.c");
    await expect(readFormLimited(new Request("http://x/", { method: "POST", body: "x", headers: { "content-type": "text/plain" } }), 100)).rejects.toMatchObject({ status: 415 });
  });
});
