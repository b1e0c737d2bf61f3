/**
 * JSON assertions on a response body, written as one line each in the monitor config:
 *
 *   $.status == "ok"        $.items.length > 0        $.data[0].id != null
 *   $.version >= 2          $.error !exists           $["content-type"] exists
 *
 * Paths: `$` is the document, `.name` and `["name"]` a member, `[2]` an array element (`[-1]` the
 * last), `.length` the length of an array or string. Values: numbers, "double" or 'single'
 * quoted strings, true, false, null. `>`, `>=`, `<`, `<=` compare two numbers or two strings.
 * A path that leads nowhere fails every comparison (so `$.id != null` also says "it must be
 * there"); only `!exists` passes on it. Parsed once at config validation, evaluated per check.
 */

export const JSON_ASSERTION_MAX_LENGTH = 1_000;
/** How much of a found value an assertion result shows. */
const ACTUAL_MAX_CHARS = 200;

export type JsonPathSegment =
  /** `.name`: `dotted` lets `.length` mean the length of an array or string. */
  | { kind: "member"; name: string; dotted: boolean }
  | { kind: "index"; index: number };

export type JsonLiteral = string | number | boolean | null;
export type JsonOperator = "==" | "!=" | ">" | ">=" | "<" | "<=" | "exists" | "!exists";

export interface JsonAssertion {
  /** The expression as written, shown as the assertion's `expected`. */
  source: string;
  path: JsonPathSegment[];
  op: JsonOperator;
  /** Absent for exists / !exists. */
  value?: JsonLiteral;
}

/** An expression that does not parse; the message says where and what was expected. */
export class JsonAssertionSyntaxError extends Error {
  override name = "JsonAssertionSyntaxError";
}

const COMPARISON_OPERATORS = ["==", "!=", ">=", "<=", ">", "<"] as const;
const NAME_START = /[A-Za-z_$]/;
const NAME_CHAR = /[A-Za-z0-9_$-]/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/** Parses one assertion, or throws JsonAssertionSyntaxError. */
export function parseJsonAssertion(source: string): JsonAssertion {
  if (source.length > JSON_ASSERTION_MAX_LENGTH) {
    throw new JsonAssertionSyntaxError(`must be at most ${JSON_ASSERTION_MAX_LENGTH} characters, got ${source.length}`);
  }
  let pos = 0;
  const fail = (what: string): never => {
    const rest = source.slice(pos);
    const got = rest.length === 0 ? "the end" : JSON.stringify(rest.length > 20 ? `${rest.slice(0, 20)}…` : rest);
    throw new JsonAssertionSyntaxError(`${what} at character ${pos + 1}, got ${got} (like $.status == "ok" or $.items.length > 0)`);
  };
  const skipSpaces = () => {
    while (pos < source.length && /\s/.test(source[pos])) pos++;
  };

  skipSpaces();
  if (source[pos] !== "$") fail("expected a path starting with $");
  pos++;
  const path: JsonPathSegment[] = [];
  for (;;) {
    if (source[pos] === ".") {
      pos++;
      const start = pos;
      if (!NAME_START.test(source[pos] ?? "")) fail('expected a member name after "." (use ["name"] for other names)');
      while (pos < source.length && NAME_CHAR.test(source[pos])) pos++;
      path.push({ kind: "member", name: source.slice(start, pos), dotted: true });
    } else if (source[pos] === "[") {
      pos++;
      skipSpaces();
      const quote = source[pos];
      if (quote === '"' || quote === "'") {
        path.push({ kind: "member", name: readString(), dotted: false });
      } else {
        const m = /^-?\d+/.exec(source.slice(pos));
        if (!m) fail('expected an array index like [0] or a quoted member name like ["name"]');
        const index = Number(m![0]);
        if (!Number.isSafeInteger(index)) fail("expected a smaller array index");
        pos += m![0].length;
        path.push({ kind: "index", index });
      }
      skipSpaces();
      if (source[pos] !== "]") fail('expected "]"');
      pos++;
    } else {
      break;
    }
  }

  skipSpaces();
  let op: JsonOperator | undefined;
  let value: JsonLiteral | undefined;
  if (source.startsWith("!exists", pos)) {
    op = "!exists";
    pos += "!exists".length;
  } else if (source.startsWith("exists", pos)) {
    op = "exists";
    pos += "exists".length;
  } else {
    op = COMPARISON_OPERATORS.find((candidate) => source.startsWith(candidate, pos));
    if (!op) fail("expected an operator (==, !=, >, >=, <, <=, exists or !exists) after the path");
    pos += op!.length;
    skipSpaces();
    value = readLiteral(op!);
  }
  skipSpaces();
  if (pos < source.length) fail("expected the end of the expression");
  return { source, path, op: op!, value };

  function readString(): string {
    const quote = source[pos];
    const start = pos;
    pos++;
    while (pos < source.length && source[pos] !== quote) pos += source[pos] === "\\" ? 2 : 1;
    if (pos >= source.length) {
      pos = start;
      fail("unterminated string");
    }
    pos++;
    const raw = source.slice(start, pos);
    if (quote === "'") {
      // Single quotes read better inside YAML; the only escapes are \' and \\.
      return raw.slice(1, -1).replace(/\\(['\\])/g, "$1");
    }
    try {
      return JSON.parse(raw) as string;
    } catch {
      pos = start;
      return fail("invalid escape in string");
    }
  }

  function readLiteral(operator: JsonOperator): JsonLiteral {
    const ordering = operator !== "==" && operator !== "!=";
    const c = source[pos];
    if (c === '"' || c === "'") return readString();
    const number = NUMBER.exec(source.slice(pos));
    if (number) {
      pos += number[0].length;
      return Number(number[0]);
    }
    const word = /^[A-Za-z_]\w*/.exec(source.slice(pos))?.[0];
    if (!ordering && (word === "true" || word === "false" || word === "null")) {
      pos += word.length;
      return word === "null" ? null : word === "true";
    }
    const kinds = ordering ? 'a number or a "quoted string"' : 'a number, true, false, null or a "quoted string"';
    const hint = word && !["true", "false", "null"].includes(word) ? ` (put text in quotes: "${word}")` : "";
    return fail(`expected ${kinds} after ${operator}${hint}`);
  }
}

/** The path part of an assertion as text, for messages: $.data[0]["a b"]. */
export function formatPath(path: readonly JsonPathSegment[]): string {
  let text = "$";
  for (const segment of path) {
    if (segment.kind === "index") text += `[${segment.index}]`;
    else if (segment.dotted) text += `.${segment.name}`;
    else text += `[${JSON.stringify(segment.name)}]`;
  }
  return text;
}

type Lookup = { found: true; value: unknown } | { found: false; why: string };

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function lookup(document: unknown, path: readonly JsonPathSegment[]): Lookup {
  let value = document;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const here = () => formatPath(path.slice(0, i));
    if (segment.kind === "index") {
      if (!Array.isArray(value)) return { found: false, why: `${here()} is ${describeType(value)}, not an array` };
      const index = segment.index < 0 ? value.length + segment.index : segment.index;
      if (index < 0 || index >= value.length) return { found: false, why: `${here()} has ${value.length} element${value.length === 1 ? "" : "s"}` };
      value = value[index];
    } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, segment.name)) {
      value = (value as Record<string, unknown>)[segment.name];
    } else if (segment.dotted && segment.name === "length" && (Array.isArray(value) || typeof value === "string")) {
      value = value.length;
    } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      return { found: false, why: `${here()} has no member ${JSON.stringify(segment.name)}` };
    } else {
      return { found: false, why: `${here()} is ${describeType(value)}` };
    }
  }
  return { found: true, value };
}

/** Evaluates a parsed assertion against a parsed JSON document. */
export function evaluateJsonAssertion(assertion: JsonAssertion, document: unknown): { ok: boolean; actual: string } {
  const found = lookup(document, assertion.path);
  if (!found.found) return { ok: assertion.op === "!exists", actual: `missing (${found.why})` };
  const actual = previewJson(found.value);
  const value = found.value;
  const expected = assertion.value;
  switch (assertion.op) {
    case "exists":
      return { ok: true, actual };
    case "!exists":
      return { ok: false, actual };
    case "==":
      return { ok: value === expected, actual };
    case "!=":
      return { ok: value !== expected, actual };
    default: {
      const comparable = (typeof value === "number" && typeof expected === "number") || (typeof value === "string" && typeof expected === "string");
      if (!comparable) return { ok: false, actual };
      const [a, b] = [value as number | string, expected as number | string];
      const ok = assertion.op === ">" ? a > b : assertion.op === ">=" ? a >= b : assertion.op === "<" ? a < b : a <= b;
      return { ok, actual };
    }
  }
}

/**
 * JSON text of a value, cut at `maxChars` without serializing all of a large value (a `$.data
 * exists` on a big object is evaluated on every check, and its preview must stay cheap).
 */
export function previewJson(value: unknown, maxChars: number = ACTUAL_MAX_CHARS): string {
  let out = "";
  const emit = (text: string): boolean => {
    out += text;
    return out.length <= maxChars;
  };
  const walk = (v: unknown): boolean => {
    if (v === null || typeof v !== "object") return emit(JSON.stringify(v) ?? "null");
    if (Array.isArray(v)) {
      if (!emit("[")) return false;
      for (let i = 0; i < v.length; i++) {
        if (i > 0 && !emit(",")) return false;
        if (!walk(v[i])) return false;
      }
      return emit("]");
    }
    if (!emit("{")) return false;
    let first = true;
    for (const key in v) {
      if (!Object.hasOwn(v, key)) continue;
      if (!first && !emit(",")) return false;
      first = false;
      if (!emit(`${JSON.stringify(key)}:`) || !walk((v as Record<string, unknown>)[key])) return false;
    }
    return emit("}");
  };
  return walk(value) ? out : `${out.slice(0, maxChars)}…`;
}
