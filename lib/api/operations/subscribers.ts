/**
 * /api/v1 subscribers. Addresses are personal data: listing, exporting and removing need the
 * `edit` permission (editors and admins); the counts carry no address and any role reads them.
 */
import { z } from "zod";
import { SUBSCRIBER_KINDS } from "../../db/schema/subscribers";
import { MAX_SUBSCRIBER_SEARCH_LENGTH, SUBSCRIBER_STATES } from "../../subscriptions/admin";
import { defineOperation } from "../operation";
import { idParam, page, pageQuery, time } from "../schemas";

const stateField = z.enum(SUBSCRIBER_STATES).meta({ description: "confirmed (live), unconfirmed (waiting for the emailed confirmation), unsubscribed." });

export const subscriber = z.object({
  id: z.number().int(),
  kind: z.enum(SUBSCRIBER_KINDS),
  address: z.string().meta({ description: "Email address or webhook URL." }),
  state: stateField,
  allComponents: z.boolean(),
  componentIds: z.array(z.number().int()),
  confirmedAt: time.nullable(),
  unsubscribedAt: time.nullable(),
  createdAt: time,
});

const filterQuery = {
  search: z.string().max(MAX_SUBSCRIBER_SEARCH_LENGTH, { error: `Search for at most ${MAX_SUBSCRIBER_SEARCH_LENGTH} characters.` }).optional().meta({ description: "Part of the address, any case." }),
  kind: z.enum(SUBSCRIBER_KINDS, { error: `Send kind as one of: ${SUBSCRIBER_KINDS.join(", ")}.` }).optional(),
  state: z.enum(SUBSCRIBER_STATES, { error: `Send state as one of: ${SUBSCRIBER_STATES.join(", ")}.` }).optional(),
};

export const listSubscribersOp = defineOperation({
  id: "listSubscribers",
  method: "GET",
  path: "/subscribers",
  tag: "Subscribers",
  summary: "List or search subscribers, newest first (editors and admins)",
  permission: "edit",
  query: z.object({ ...filterQuery, ...pageQuery }),
  response: page(subscriber),
});

export const subscriberCountsOp = defineOperation({
  id: "subscriberCounts",
  method: "GET",
  path: "/subscribers/counts",
  tag: "Subscribers",
  summary: "How many subscribers there are, by state and by kind (any role: no addresses)",
  permission: "read",
  response: z.object({
    total: z.number().int(),
    confirmed: z.number().int(),
    unconfirmed: z.number().int(),
    unsubscribed: z.number().int(),
    byKind: z.object(Object.fromEntries(SUBSCRIBER_KINDS.map((k) => [k, z.number().int()])) as Record<(typeof SUBSCRIBER_KINDS)[number], z.ZodNumber>),
  }),
});

export const exportSubscribersOp = defineOperation({
  id: "exportSubscribers",
  method: "GET",
  path: "/subscribers/export",
  tag: "Subscribers",
  summary: "Every subscriber matching the filter in one answer, recorded in the audit log (editors and admins)",
  description: "The JSON form of the dashboard's export (which also offers CSV). Component keys instead of ids; each call writes a `subscriber.export` audit entry with the filter and row count, never an address.",
  permission: "edit",
  query: z.object(filterQuery),
  response: z.object({
    exportedAt: time,
    items: z.array(
      z.object({
        id: z.number().int(),
        kind: z.enum(SUBSCRIBER_KINDS),
        address: z.string(),
        state: stateField,
        allComponents: z.boolean(),
        components: z.array(z.string()).meta({ description: "Keys of the chosen components; empty with allComponents." }),
        createdAt: z.string().meta({ format: "date-time" }),
        confirmedAt: z.string().meta({ format: "date-time" }).nullable(),
        unsubscribedAt: z.string().meta({ format: "date-time" }).nullable(),
      }),
    ),
  }),
});

export const removeSubscriberOp = defineOperation({
  id: "removeSubscriber",
  method: "DELETE",
  path: "/subscribers/{id}",
  tag: "Subscribers",
  summary: "Remove a subscriber and its address (editors and admins)",
  permission: "edit",
  params: z.object({ id: idParam }),
  response: z.object({ id: z.number().int(), removed: z.literal(true) }),
});
