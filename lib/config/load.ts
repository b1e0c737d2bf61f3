import { readFile } from "node:fs/promises";
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Document } from "yaml";
import type { ConfigEnv } from "./env";
import { configErrorMap, statusConfigSchema, type StatusConfig } from "./schema";

/** Where `npm start` looks for the config, relative to the working directory. */
export const DEFAULT_CONFIG_FILE = "status.config.yaml";

/** The config file in use: STATUS_CONFIG, else status.config.yaml (as given, relative to the working directory). */
export function configFilePath(env: ConfigEnv = process.env): string {
  return env.STATUS_CONFIG || DEFAULT_CONFIG_FILE;
}

type PathSegment = string | number;

/** One problem of a config file: `path` like "monitors[3].interval", empty for the file as a whole. */
export interface ConfigIssue {
  path: string;
  message: string;
  /** 1-based line in the file: the field's own line, or its nearest enclosing entry's when the field is missing. */
  line?: number;
}

/** "monitors[3].interval: must be at least 10s, got 2s (line 42)" */
export function formatIssue(issue: ConfigIssue): string {
  return `${issue.path ? `${issue.path}: ` : ""}${issue.message}${issue.line === undefined ? "" : ` (line ${issue.line})`}`;
}

/**
 * A config file that cannot be used. The message lists every problem, one per line, and does
 * not name the file: callers print it under their own heading (see `sourceName`).
 */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];
  readonly sourceName: string;

  constructor(sourceName: string, issues: ConfigIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.name = "ConfigError";
    this.sourceName = sourceName;
    this.issues = issues;
  }
}

/** Reads, substitutes environment variables in, and validates a config file. Throws ConfigError. */
export async function loadConfig(path: string, env: ConfigEnv = process.env): Promise<StatusConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (error as Error).message;
    throw new ConfigError(path, [{ path: "", message: `cannot read ${path}: ${reason}` }]);
  }
  return parseConfig(text, env, path);
}

/** Parses config text; `sourceName` names it in the error message. Throws ConfigError. */
export function parseConfig(text: string, env: ConfigEnv = process.env, sourceName = DEFAULT_CONFIG_FILE): StatusConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lineCounter.linePos(offset).line);

  if (doc.errors.length > 0) {
    throw new ConfigError(
      sourceName,
      doc.errors.map((error) => ({ path: "", message: `YAML syntax error: ${error.message}`, line: lineAt(error.pos[0]) })),
    );
  }

  // Problems with variables are reported together with the rest; a field whose variable failed
  // is not validated as well (its value still holds the unresolved reference).
  const envIssues = substituteEnv(doc, env, lineAt);
  const envIssuePaths = new Set(envIssues.map((issue) => issue.path));

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    throw new ConfigError(sourceName, [{ path: "", message: `YAML error: ${(error as Error).message}` }]);
  }

  if (data === null || data === undefined) {
    throw new ConfigError(sourceName, [{ path: "", message: "the file is empty: it needs at least `page:` with a `name:`" }]);
  }

  const result = statusConfigSchema.safeParse(data, { error: configErrorMap });
  if (result.success && envIssues.length === 0) return withSpecs(result.data, data);

  const schemaIssues = (result.error?.issues ?? []).map((issue): ConfigIssue => {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
    // A schema's own type message ("expected a URL like …") reads oddly for a field that is simply absent.
    const missing = issue.code === "invalid_type" && path.length > 0 && valueAt(data, path) === undefined;
    return { path: formatPath(path), message: missing ? "is required" : issue.message, line: lineOf(doc, path, lineAt) };
  });
  const issues = [...envIssues, ...schemaIssues.filter((issue) => !envIssuePaths.has(issue.path))];
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  throw new ConfigError(sourceName, issues);
}

/** Each monitor keeps its entry as written (monitors.spec), for the edit form and the export. */
function withSpecs(config: StatusConfig, data: unknown): StatusConfig {
  const entries = (data as { monitors?: unknown }).monitors;
  if (!Array.isArray(entries)) return config;
  config.monitors.forEach((monitor, i) => {
    const entry: unknown = entries[i];
    if (typeof entry === "object" && entry !== null) monitor.spec = entry as Record<string, unknown>;
  });
  return config;
}

// ---------------------------------------------------------------------------------------------
// Environment variables

/** `$${NAME}` escapes a literal `${NAME}`; `${NAME:-default}` uses the default when NAME is unset or empty. */
const ENV_REFERENCE = /\$(\$?)\{([^}]*)(\}?)/g;
const ENV_NAME = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s;
const SYNTAX_HELP = "write ${NAME} or ${NAME:-default}";

/**
 * Replaces `${NAME}` in string values, node by node, so every value keeps its line. An unquoted
 * value that becomes a number or true/false after substitution is read as one (`failureThreshold: ${N}`).
 */
function substituteEnv(doc: Document, env: ConfigEnv, lineAt: (offset: number | undefined) => number | undefined): ConfigIssue[] {
  const issues: ConfigIssue[] = [];

  const substitute = (node: Scalar, path: PathSegment[]) => {
    if (typeof node.value !== "string" || !node.value.includes("${")) return;
    const problems: string[] = [];
    const text = node.value.replace(ENV_REFERENCE, (match: string, escaped: string, inner: string, closed: string) => {
      if (escaped) return match.slice(1);
      const m = closed ? ENV_NAME.exec(inner) : null;
      if (!m) {
        problems.push(`malformed environment reference "${match}" (${SYNTAX_HELP})`);
        return match;
      }
      const [, name, fallback] = m;
      const value = env[name];
      if (value !== undefined && value !== "") return value;
      if (fallback !== undefined) return fallback;
      problems.push(`environment variable ${name} is ${value === undefined ? "not set" : "empty"}`);
      return match;
    });
    for (const message of problems) issues.push({ path: formatPath(path), message, line: lineAt(node.range?.[0]) });
    if (problems.length === 0) node.value = node.type === Scalar.PLAIN ? plainValue(text) : text;
  };

  const visit = (node: unknown, path: PathSegment[]) => {
    if (isMap(node)) {
      for (const pair of node.items) visit(pair.value, [...path, keyOf(pair.key)]);
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    } else if (isScalar(node)) {
      substitute(node, path);
    }
    // Aliases are skipped: their anchor is substituted where it is defined.
  };
  visit(doc.contents, []);
  return issues;
}

function plainValue(text: string): string | number | boolean {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === "true" || text === "false") return text === "true";
  return text;
}

// ---------------------------------------------------------------------------------------------
// Paths and lines

function keyOf(key: unknown): string {
  return String(isScalar(key) ? key.value : key);
}

/** ["monitors", 3, "interval"] → "monitors[3].interval"; odd keys are quoted: headers["X Key"]. */
export function formatPath(path: readonly PathSegment[]): string {
  return path.reduce<string>((text, segment) => {
    if (typeof segment === "number") return `${text}[${segment}]`;
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) return text ? `${text}.${segment}` : segment;
    return `${text}[${JSON.stringify(segment)}]`;
  }, "");
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let value = data;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

/** The line of the node at `path`, or of the nearest enclosing node that exists (for a missing field). */
function lineOf(doc: Document, path: readonly PathSegment[], lineAt: (offset: number | undefined) => number | undefined): number | undefined {
  let node: unknown = doc.contents;
  let line = isMap(node) || isSeq(node) || isScalar(node) ? lineAt(node.range?.[0]) : undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p.key) === String(segment));
      if (!pair) break;
      // A field's line is its key's line, also when its value starts on the next line.
      line = (isScalar(pair.key) ? lineAt(pair.key.range?.[0]) : undefined) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === "number" && segment < node.items.length) {
      node = node.items[segment];
      const range = isMap(node) || isSeq(node) || isScalar(node) || isAlias(node) ? node.range : undefined;
      line = lineAt(range?.[0]) ?? line;
    } else {
      break;
    }
  }
  return line;
}
