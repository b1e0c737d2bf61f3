/**
 * Opaque page cursors: a page's position as base64url JSON. Callers pass `next_cursor` back as it
 * is; a cursor we did not give out (or one of another list) is a 422 on the `cursor` field.
 */
import type { z } from "zod";
import { fieldError } from "../errors";

export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

/** The position in `cursor`, checked against the list's schema; undefined without a cursor. */
export function decodeCursor<S extends z.ZodType>(schema: S, cursor: string | undefined): z.output<S> | undefined {
  if (cursor === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    value = undefined;
  }
  const r = schema.safeParse(value);
  if (!r.success) throw fieldError("cursor", "This cursor is not one this list gave out: pass next_cursor from the previous page as it is, or leave it out to start again.");
  return r.data;
}
