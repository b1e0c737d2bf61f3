/**
 * The dashboard's monitor form: which fields it shows per check type, and how its flat text
 * values become a config-file entry (and back, to fill the edit form). Validation is the entry
 * schema's (./entry.ts): this only moves text around. Fields the form does not show (an http
 * monitor's JSON assertions, say) are kept from the entry being edited. A dotted name
 * ("viewport.width") is a field of a nested object, as the schema's field errors name it.
 */
import type { MonitorType } from "../db/schema/monitors";

export type FormFieldKind = "text" | "number" | "list" | "checkbox" | "select";

export interface MonitorFormField {
  name: string;
  label: string;
  kind: FormFieldKind;
  hint?: string;
  placeholder?: string;
  required?: boolean;
  options?: readonly string[];
  /** The value a new monitor's form starts with ("on" for a box whose setting defaults to true). */
  initial?: string;
}

/** The types the dashboard form creates: every check type. */
export const FORM_MONITOR_TYPES = ["http", "tcp", "dns", "tls", "heartbeat", "browser"] as const satisfies readonly MonitorType[];
export type FormMonitorType = (typeof FORM_MONITOR_TYPES)[number];

export const isFormMonitorType = (type: unknown): type is FormMonitorType => (FORM_MONITOR_TYPES as readonly unknown[]).includes(type);

export const COMMON_FIELDS: readonly MonitorFormField[] = [
  { name: "name", label: "Name", kind: "text", required: true, placeholder: "API health" },
  { name: "key", label: "Key", kind: "text", required: true, placeholder: "api-health", hint: "Lowercase letters, digits and dashes; it cannot change later." },
  { name: "component", label: "Component", kind: "select", hint: "Whose status this monitor decides." },
  { name: "interval", label: "Check every", kind: "text", initial: "60s", hint: 'A duration like "30s" or "5m" (at least 10s).' },
  { name: "timeout", label: "Timeout", kind: "text", hint: 'Optional, like "5s"; default 10s or half the interval.' },
  { name: "public", label: "Show on the public status page", kind: "checkbox", initial: "on" },
];

export const TYPE_FIELDS: Record<FormMonitorType, readonly MonitorFormField[]> = {
  http: [
    { name: "url", label: "URL", kind: "text", required: true, placeholder: "https://example.com/health" },
    { name: "method", label: "Method", kind: "select", options: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"], initial: "GET" },
    { name: "expectedStatus", label: "Expected status", kind: "list", placeholder: "200-299", hint: "Codes or ranges, separated by commas; default 200-299." },
    { name: "bodyContains", label: "Body contains", kind: "text", hint: "Optional text the response must contain." },
    { name: "maxLatency", label: "Degraded above", kind: "text", hint: 'Optional, like "800ms": slower answers count as degraded.' },
  ],
  tcp: [
    { name: "host", label: "Host", kind: "text", required: true, placeholder: "db.internal" },
    { name: "port", label: "Port", kind: "number", required: true, placeholder: "5432" },
    { name: "bannerMatch", label: "Banner contains", kind: "text", hint: "Optional text the server must greet with." },
  ],
  dns: [
    { name: "query", label: "Name to resolve", kind: "text", required: true, placeholder: "example.com" },
    { name: "recordType", label: "Record type", kind: "select", options: ["A", "AAAA", "CNAME", "MX", "TXT", "NS"], initial: "A" },
    { name: "server", label: "DNS server", kind: "text", hint: "Optional, like 1.1.1.1; default the system resolver." },
    { name: "expect", label: "Expected answers", kind: "list", hint: "Optional, separated by commas: each must be among the answers." },
  ],
  tls: [
    { name: "host", label: "Host", kind: "text", required: true, placeholder: "example.com" },
    { name: "port", label: "Port", kind: "number", initial: "443" },
    { name: "expiryWarning", label: "Warn before expiry", kind: "text", hint: 'Optional, like "14d".' },
  ],
  heartbeat: [{ name: "grace", label: "Grace time", kind: "text", initial: "60s", hint: "How late a push may be before the monitor is down." }],
  // lib/checks/browser/config.ts: the settings a browser check has (there are no scripted steps).
  browser: [
    { name: "url", label: "Page URL", kind: "text", required: true, placeholder: "https://example.com/" },
    { name: "waitForSelector", label: "Wait for selector", kind: "text", placeholder: "#app", hint: "Optional CSS selector that must be visible once the page loaded." },
    { name: "waitForText", label: "Wait for text", kind: "text", hint: "Optional text that must be visible on the page (case-insensitive)." },
    { name: "maxLatency", label: "Degraded above", kind: "text", hint: 'Optional, like "3s": a slower page load counts as degraded.' },
    { name: "viewport.width", label: "Window width", kind: "number", placeholder: "1280", hint: "Optional, in CSS pixels (200 to 3840); give both or neither. Default 1280 × 800." },
    { name: "viewport.height", label: "Window height", kind: "number", placeholder: "800", hint: "Optional, in CSS pixels (200 to 2160)." },
    { name: "screenshotOnFailure", label: "Keep a screenshot of a failed check", kind: "checkbox", initial: "on" },
    { name: "ignoreTlsErrors", label: "Accept invalid TLS certificates", kind: "checkbox" },
  ],
};

export const formFieldsOf = (type: FormMonitorType): MonitorFormField[] => [...COMMON_FIELDS, ...TYPE_FIELDS[type]];

/** Errors of nested settings stay beside their own field ("viewport.height"), not their object's (lib/http/form-state.ts). */
export const NESTED_FIELD_NAMES: Readonly<Record<string, string>> = Object.fromEntries(
  Object.values(TYPE_FIELDS)
    .flat()
    .filter((f) => f.name.includes("."))
    .map((f) => [f.name, f.name]),
);

/**
 * The entry the form describes: `base` (the monitor being edited) with each shown field set from
 * its text, or removed when left empty. A box sets its setting only away from the default: an
 * unchecked box that starts checked (`public`) is false, a checked one that starts empty is true.
 */
export function entryFromForm(type: FormMonitorType, values: (name: string) => string | null, base: Record<string, unknown> = {}): Record<string, unknown> {
  const entry: Record<string, unknown> = structuredClone({ ...base, type });
  for (const field of formFieldsOf(type)) {
    const raw = values(field.name);
    const text = raw?.trim() ?? "";
    if (field.kind === "checkbox") {
      const defaultOn = field.initial === "on";
      if (defaultOn === (raw === null)) setPath(entry, field.name, !defaultOn);
      else setPath(entry, field.name, undefined);
    } else if (text === "") setPath(entry, field.name, undefined);
    else if (field.kind === "number") setPath(entry, field.name, /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text);
    else if (field.kind === "list") setPath(entry, field.name, text.split(",").map((s) => s.trim()).filter(Boolean));
    else setPath(entry, field.name, text);
  }
  // The form's field order: key, name and type first, as the config file writes them.
  const { key, name, ...rest } = entry;
  return { key, name, ...rest };
}

/** The form's text values of an entry (to fill the edit form). */
export function formValuesOf(type: FormMonitorType, entry: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of formFieldsOf(type)) {
    const v = getPath(entry, field.name);
    if (field.kind === "checkbox") out[field.name] = (field.initial === "on" ? v !== false : v === true) ? "on" : "";
    else if (Array.isArray(v)) out[field.name] = v.map(String).join(", ");
    else out[field.name] = v === undefined || v === null || typeof v === "object" ? "" : String(v);
  }
  return out;
}

function getPath(entry: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((at, part) => (typeof at === "object" && at !== null ? (at as Record<string, unknown>)[part] : undefined), entry);
}

/** Sets (or with undefined removes) a dotted field; a nested object left empty is removed too. */
function setPath(entry: Record<string, unknown>, path: string, value: unknown): void {
  const [head, ...rest] = path.split(".");
  if (rest.length === 0) {
    if (value === undefined) delete entry[head];
    else entry[head] = value;
    return;
  }
  const child = typeof entry[head] === "object" && entry[head] !== null && !Array.isArray(entry[head]) ? (entry[head] as Record<string, unknown>) : {};
  setPath(child, rest.join("."), value);
  if (Object.keys(child).length) entry[head] = child;
  else delete entry[head];
}
