import { describe, expect, it } from "vitest";
import { evaluateJsonAssertion, formatPath, JsonAssertionSyntaxError, parseJsonAssertion, previewJson } from "./json-path";

const doc = {
  status: "ok",
  version: 3,
  items: [{ id: 7, name: "a" }, { id: null }],
  data: [],
  "content-type": "json",
  "a b": true,
  nested: { length: 5, list: [1, 2, 3] },
};

function check(expression: string, document: unknown = doc) {
  return evaluateJsonAssertion(parseJsonAssertion(expression), document);
}

describe("parseJsonAssertion", () => {
  it("parses paths, operators and literals", () => {
    expect(parseJsonAssertion('$.status == "ok"')).toEqual({ source: '$.status == "ok"', path: [{ kind: "member", name: "status", dotted: true }], op: "==", value: "ok" });
    expect(parseJsonAssertion("$.items[0].id!=null")).toMatchObject({ op: "!=", value: null });
    expect(parseJsonAssertion(`$["a b"]['x'][-1] >= -2.5e1`)).toMatchObject({
      path: [
        { kind: "member", name: "a b", dotted: false },
        { kind: "member", name: "x", dotted: false },
        { kind: "index", index: -1 },
      ],
      op: ">=",
      value: -25,
    });
    expect(parseJsonAssertion("$.error !exists").op).toBe("!exists");
    expect(parseJsonAssertion("  $.data exists  ").op).toBe("exists");
    expect(parseJsonAssertion("$ == true").path).toEqual([]);
    expect(parseJsonAssertion(String.raw`$.s == "say \"hi\""`).value).toBe('say "hi"');
    expect(parseJsonAssertion(String.raw`$.s == 'it\'s'`).value).toBe("it's");
    expect(formatPath(parseJsonAssertion(`$.a["b c"][2].length > 0`).path)).toBe(`$.a["b c"][2].length`);
  });

  it("says what is wrong and where", () => {
    const message = (text: string) => {
      try {
        parseJsonAssertion(text);
      } catch (err) {
        expect(err).toBeInstanceOf(JsonAssertionSyntaxError);
        return (err as Error).message;
      }
      throw new Error(`${text} parsed`);
    };
    expect(message('status == "ok"')).toBe('expected a path starting with $ at character 1, got "status == \\"ok\\"" (like $.status == "ok" or $.items.length > 0)');
    expect(message("$.status == ok")).toMatch(/^expected a number, true, false, null or a "quoted string" after == \(put text in quotes: "ok"\) at character 13/);
    expect(message("$.status")).toMatch(/^expected an operator \(==, !=, >, >=, <, <=, exists or !exists\) after the path at character 9, got the end/);
    expect(message("$.status = 1")).toMatch(/^expected an operator/);
    expect(message("$.version > true")).toMatch(/^expected a number or a "quoted string" after >/);
    expect(message("$.items[x] exists")).toMatch(/^expected an array index like \[0\]/);
    expect(message("$.items[0 exists")).toMatch(/^expected "\]"/);
    expect(message('$.a == "open')).toMatch(/^unterminated string at character 8/);
    expect(message("$.a == 1 2")).toMatch(/^expected the end of the expression at character 10/);
    expect(message("$..a exists")).toMatch(/^expected a member name after "\."/);
    expect(message(`$ == "${"x".repeat(1_000)}"`)).toMatch(/^must be at most 1000 characters/);
  });
});

describe("evaluateJsonAssertion", () => {
  it("compares values", () => {
    expect(check('$.status == "ok"')).toEqual({ ok: true, actual: '"ok"' });
    expect(check('$.status != "ok"')).toEqual({ ok: false, actual: '"ok"' });
    expect(check("$.version >= 2")).toEqual({ ok: true, actual: "3" });
    expect(check("$.version < 3")).toEqual({ ok: false, actual: "3" });
    expect(check("$.version <= 3").ok).toBe(true);
    expect(check('$.status > "a"').ok).toBe(true); // strings compare as strings
    expect(check('$.version > "2"').ok).toBe(false); // never number against string
    expect(check("$.items[0].id != null")).toEqual({ ok: true, actual: "7" });
    expect(check("$.items[1].id != null")).toEqual({ ok: false, actual: "null" });
    expect(check("$.items[1].id == null").ok).toBe(true);
    expect(check('$["content-type"] == "json"').ok).toBe(true);
    expect(check("$.content-type exists").ok).toBe(true);
    expect(check("$.items[-1].id == null").ok).toBe(true);
    expect(check("$.items != null").ok).toBe(true); // an array is not null
  });

  it(".length is the length of an array or string, or a member called length", () => {
    expect(check("$.items.length > 0")).toEqual({ ok: true, actual: "2" });
    expect(check("$.data.length > 0")).toEqual({ ok: false, actual: "0" });
    expect(check("$.status.length == 2").ok).toBe(true);
    expect(check("$.nested.length == 5").ok).toBe(true);
    expect(check('$.items["length"] exists').ok).toBe(false); // only the dotted form means length
  });

  it("a path that leads nowhere fails every comparison and says where it broke", () => {
    expect(check("$.data[0].id != null")).toEqual({ ok: false, actual: "missing ($.data has 0 elements)" });
    expect(check("$.nope == 1")).toEqual({ ok: false, actual: 'missing ($ has no member "nope")' });
    expect(check("$.status.x exists")).toEqual({ ok: false, actual: "missing ($.status is a string)" });
    expect(check("$.nested[0] exists")).toEqual({ ok: false, actual: "missing ($.nested is an object, not an array)" });
    expect(check("$.error !exists")).toEqual({ ok: true, actual: 'missing ($ has no member "error")' });
    expect(check("$.status !exists")).toEqual({ ok: false, actual: '"ok"' });
    expect(check("$.a exists", null).actual).toBe("missing ($ is null)");
    expect(check("$.toString exists", {}).ok).toBe(false); // own members only
  });
});

describe("previewJson", () => {
  it("is JSON for small values and cut without serializing all of a large one", () => {
    expect(previewJson({ a: [1, "x", null], b: { c: true } })).toBe('{"a":[1,"x",null],"b":{"c":true}}');
    const huge = Array.from({ length: 100_000 }, (_, i) => ({ i }));
    const preview = previewJson(huge, 50);
    expect(preview.length).toBe(51);
    expect(preview.endsWith("…")).toBe(true);
    expect(preview.startsWith('[{"i":0},{"i":1}')).toBe(true);
  });
});
