import { describe, expect, it } from "vitest";
import { configErrorMap, monitorEntrySchema } from "../config/schema";
import { fieldErrorsOf, invalidInput } from "../errors";
import { formErrorState } from "../http/form-state";
import { entryFromForm, formValuesOf, NESTED_FIELD_NAMES } from "./form";

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

  it("makes a browser check's entry: viewport from two fields, boxes only away from their defaults, validated as the config file validates it", () => {
    const entry = entryFromForm("browser", form({ key: "shop", name: "Shop", url: "https://shop.test/", waitForText: " Add to cart ", "viewport.width": "375", "viewport.height": "700", public: "on", ignoreTlsErrors: "on" }));
    expect(entry).toEqual({ key: "shop", name: "Shop", type: "browser", url: "https://shop.test/", waitForText: "Add to cart", viewport: { width: 375, height: 700 }, screenshotOnFailure: false, ignoreTlsErrors: true });
    expect(monitorEntrySchema.safeParse(entry, { error: configErrorMap }).success).toBe(true);
    // Left empty: no viewport at all (the default window), the screenshot box kept checked.
    expect(entryFromForm("browser", form({ key: "s", name: "S", url: "https://shop.test/", screenshotOnFailure: "on", public: "on", "viewport.width": "", "viewport.height": " " }))).toEqual({ key: "s", name: "S", type: "browser", url: "https://shop.test/" });

    const half = entryFromForm("browser", form({ key: "s", name: "S", url: "ftp://shop.test/", "viewport.width": "5000", public: "on" }));
    const parsed = monitorEntrySchema.safeParse(half, { error: configErrorMap });
    expect(parsed.success).toBe(false);
    // Each error under the name of the form field that shows it.
    expect(Object.keys(fieldErrorsOf(parsed.error!)).sort()).toEqual(["url", "viewport.height", "viewport.width"]);
    const state = formErrorState(invalidInput(parsed.error!), new FormData(), { fieldNames: NESTED_FIELD_NAMES });
    expect(state.fieldErrors).toEqual({ url: [expect.any(String)], "viewport.width": [expect.stringMatching(/^expected a width/)], "viewport.height": [expect.stringMatching(/^expected a height/)] });
  });

  it("fills a browser form back from its entry and keeps settings it does not show", () => {
    const base = { key: "s", name: "S", type: "browser", url: "https://shop.test/", viewport: { width: 1024, height: 768 }, screenshotOnFailure: false, timeout: "20s" };
    expect(formValuesOf("browser", base)).toMatchObject({ url: "https://shop.test/", "viewport.width": "1024", "viewport.height": "768", screenshotOnFailure: "", ignoreTlsErrors: "", public: "on", timeout: "20s" });
    const edited = entryFromForm("browser", form({ key: "s", name: "S", url: "https://shop.test/", "viewport.width": "1024", "viewport.height": "", public: "on", screenshotOnFailure: "on" }), { ...base, custom: 1 });
    expect(edited).toEqual({ key: "s", name: "S", type: "browser", url: "https://shop.test/", viewport: { width: 1024 }, custom: 1 });
    expect(base.viewport).toEqual({ width: 1024, height: 768 }); // the base is not changed
  });
});
