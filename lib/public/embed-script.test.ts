import { runInNewContext } from "node:vm";
import { describe, expect, it, vi } from "vitest";
import { EMBED_SANDBOX, embedScript } from "./embed-script";

interface FakeFrame {
  src?: string;
  title?: string;
  style: Record<string, string>;
  attributes: Record<string, string>;
  setAttribute(name: string, value: string): void;
}

/** Runs the script as a browser would, for a script tag with these attributes; returns what it inserted. */
function run(src: string, dataset: Record<string, string>) {
  const inserted: { node: FakeFrame; before: unknown }[] = [];
  const next = { sibling: true };
  const script = { src, dataset, nextSibling: next, parentNode: { insertBefore: (node: FakeFrame, before: unknown) => inserted.push({ node, before }) } };
  const document = {
    currentScript: script,
    createElement: (tag: string): FakeFrame => {
      expect(tag).toBe("iframe");
      const attributes: Record<string, string> = {};
      return { style: {}, attributes, setAttribute: (name, value) => void (attributes[name] = value) };
    },
  };
  const console = { error: vi.fn() };
  runInNewContext(embedScript(), { document, URL, console });
  return { frame: inserted[0]?.node, before: inserted[0]?.before, next, console, count: inserted.length };
}

describe("embed.js", () => {
  it("inserts a sandboxed, titled, sized iframe after itself, pointing at its own origin", () => {
    const { frame, before, next } = run("https://status.example.com/embed.js", { component: "api", theme: "dark", layout: "full", window: "30d" });
    expect(before).toBe(next);
    expect(frame.src).toBe("https://status.example.com/embed/component/api?theme=dark&layout=full&window=30d");
    expect(frame.title).toBe("Status of api");
    expect(frame.attributes).toMatchObject({ sandbox: EMBED_SANDBOX, loading: "lazy" });
    expect(frame.attributes.sandbox).not.toContain("allow-scripts");
    expect(frame.style).toMatchObject({ border: "0", width: "100%", maxWidth: "600px", height: "140px", colorScheme: "dark" });
  });

  it("defaults to auto and compact, follows the reader's colour scheme, and keeps a path prefix", () => {
    const { frame } = run("https://example.com/status/embed.js?v=1", { monitor: "api-health", title: "Our API", width: "320px" });
    expect(frame.src).toBe("https://example.com/status/embed/monitor/api-health?theme=auto&layout=compact");
    expect(frame.title).toBe("Our API");
    expect(frame.style).toMatchObject({ height: "60px", width: "320px", colorScheme: "light dark" });
    expect(frame.style.maxWidth).toBeUndefined();
  });

  it("inserts nothing for a missing or hostile key, and ignores unknown options", () => {
    const hostile: Record<string, string>[] = [{}, { component: "../admin" }, { component: "<img src=x onerror=alert(1)>" }, { monitor: "A B" }];
    for (const dataset of hostile) {
      const { count, console } = run("https://status.example.com/embed.js", dataset);
      expect(count).toBe(0);
      expect(console.error).toHaveBeenCalledWith(expect.stringContaining('data-component="<key>"'));
    }
    const { frame } = run("https://status.example.com/embed.js", { component: "api", theme: "neon", layout: "huge", width: "100px;background:red" });
    expect(frame.src).toBe("https://status.example.com/embed/component/api?theme=auto&layout=compact");
    expect(frame.style.width).toBe("100%");
  });
});
