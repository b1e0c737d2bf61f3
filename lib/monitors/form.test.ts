import { describe, expect, it } from "vitest";
import { entryFromForm, formValuesOf } from "./form";

const form = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe("the monitor form", () => {
  it("turns its text into a config-file entry: empty fields left out, numbers and lists parsed, an unchecked public box false", () => {
    expect(entryFromForm("tcp", form({ key: "db", name: "Database", component: "", interval: "30s", timeout: "", host: " db.internal ", port: "5432" }))).toEqual({
      key: "db",
      name: "Database",
      type: "tcp",
      interval: "30s",
      host: "db.internal",
      port: 5432,
      public: false,
    });
    expect(entryFromForm("http", form({ key: "a", name: "A", url: "http://x/", expectedStatus: "200, 301-302, ", public: "on" }))).toEqual({
      key: "a",
      name: "A",
      type: "http",
      url: "http://x/",
      expectedStatus: ["200", "301-302"],
    });
  });

  it("keeps what the form does not show when editing, and fills the form back from an entry", () => {
    const base = { key: "a", name: "A", type: "http", url: "http://x/", json: ['$.ok == true'], public: false, maxLatency: "1s" };
    expect(entryFromForm("http", form({ key: "a", name: "A2", url: "http://y/", public: "on" }), base)).toEqual({ key: "a", name: "A2", type: "http", url: "http://y/", json: ['$.ok == true'] });
    expect(formValuesOf("http", base)).toMatchObject({ key: "a", name: "A", url: "http://x/", public: "", maxLatency: "1s", expectedStatus: "" });
  });
});
