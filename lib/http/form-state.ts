import { z } from "zod";
import { invalidInput, UserError } from "../errors";

/**
 * What a form action answers after an error (React's useActionState keeps it): the message, the
 * messages by form field, and what was typed, so the form fills in again instead of clearing.
 * Plain data: it travels to the browser and, without JavaScript, back in the next post.
 */
export interface FormState {
  error?: string;
  fieldErrors?: Record<string, string[]>;
  /** Every value a field sent, by field name. */
  values?: Record<string, string[]>;
  /** After a success that stays on the page: what is shown once (a new API key's secret). */
  shown?: Record<string, string>;
}

/** Longest typed value kept; a longer one is not repeated back (it is not worth a huge page or URL). */
export const MAX_KEPT_CHARS = 4_000;

/** What the user typed, without Next's own $ACTION fields, `omit` (passwords, ids in the path) and overlong values. */
export function typedValues(form: FormData, omit: readonly string[] = []): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith("$") || omit.includes(name) || typeof value !== "string" || value.length > MAX_KEPT_CHARS) continue;
    (out[name] ??= []).push(value);
  }
  return out;
}

export interface FormErrorOptions {
  /** Fields never sent back (passwords). */
  omit?: readonly string[];
  /** Form field names of the input's fields where they differ (scheduledFor → start). */
  fieldNames?: Readonly<Record<string, string>>;
}

/**
 * The one mapping from an error to a form action's answer: a UserError or a zod error becomes
 * the state (message, field errors under the form's names, what was typed); anything else is
 * rethrown, for Next's error page (which shows no internals).
 */
export function formErrorState(err: unknown, form: FormData, opts: FormErrorOptions = {}): FormState {
  const user = err instanceof UserError ? err : err instanceof z.ZodError ? invalidInput(err) : null;
  if (!user) throw err;
  const state: FormState = { error: user.message, values: typedValues(form, opts.omit) };
  if (user.fieldErrors) {
    const fieldErrors: Record<string, string[]> = {};
    for (const [path, messages] of Object.entries(user.fieldErrors)) {
      const top = path.split(".")[0];
      const name = opts.fieldNames?.[path] ?? opts.fieldNames?.[top] ?? top;
      (fieldErrors[name] ??= []).push(...messages);
    }
    state.fieldErrors = fieldErrors;
  }
  return state;
}

/** The state as a query string, for a plain form post (which has nowhere to put a returned state). */
export function formStateQuery(state: FormState): URLSearchParams {
  const q = new URLSearchParams();
  if (state.error) q.set("error", state.error);
  for (const [name, values] of Object.entries(state.values ?? {})) for (const v of values) q.append(name, v);
  return q;
}

type Query = Record<string, string | string[] | undefined>;

/** What a page reads back from that query string: the values typed (the page shows `error` itself). */
export function formStateFromQuery(q: Query, ignore: readonly string[] = []): FormState {
  if (q.error === undefined) return {};
  const values: Record<string, string[]> = {};
  for (const [name, v] of Object.entries(q)) {
    if (v === undefined || name === "error" || ignore.includes(name)) continue;
    values[name] = Array.isArray(v) ? v : [v];
  }
  return { values };
}
