/**
 * Pieces every /api/v1 operation shares: times, pages, the error body. They are zod schemas, so
 * the same definition validates a request, shapes an answer and becomes the OpenAPI document.
 */
import { z } from "zod";
import { USER_ERROR_CODES } from "../errors";

/** Epoch ms in the domain, an ISO 8601 UTC time on the wire. */
export const time = z
  .number()
  .transform((ms) => new Date(ms).toISOString())
  .pipe(z.string().meta({ format: "date-time", description: "ISO 8601 time, UTC" }));

/** Most items one page may ask for. */
export const MAX_PAGE_LIMIT = 200;
export const DEFAULT_PAGE_LIMIT = 50;

/** The query of a paginated list: the opaque cursor of the previous page, and a page size. */
export const pageQuery = {
  cursor: z.string().max(500).optional().meta({ description: "`next_cursor` of the previous page; absent for the first page." }),
  limit: z.coerce
    .number({ error: `Send limit as a whole number from 1 to ${MAX_PAGE_LIMIT}.` })
    .int({ error: `Send limit as a whole number from 1 to ${MAX_PAGE_LIMIT}.` })
    .min(1, { error: `Send limit as a whole number from 1 to ${MAX_PAGE_LIMIT}.` })
    .max(MAX_PAGE_LIMIT, { error: `Ask for at most ${MAX_PAGE_LIMIT} items per page.` })
    .default(DEFAULT_PAGE_LIMIT)
    .meta({ description: `Items per page, 1 to ${MAX_PAGE_LIMIT}.` }),
};

/** One page of a list: `next_cursor` is null on the last page. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last page." }) });
}

/** The body of every error answer (lib/http/errors.ts ErrorBody). */
export const errorBody = z
  .object({
    error: z.object({
      code: z.enum([...USER_ERROR_CODES, "internal"]),
      message: z.string().meta({ description: "What to change, in words." }),
      fields: z.record(z.string(), z.array(z.string())).optional().meta({ description: "Messages by input field (dotted for nested fields), for 422." }),
    }),
  })
  .meta({ description: "Every error answer: a code, what to change in words, and messages by field for 422." });

/** A key or id in a path. */
export const keyParam = z.string().min(1).max(200);
export const idParam = z.coerce.number({ error: "The id in the path must be a whole number." }).int({ error: "The id in the path must be a whole number." }).positive({ error: "The id in the path must be a whole number." });
