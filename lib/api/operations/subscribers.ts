/** /api/v1 subscribers: admins only (addresses are personal data). */
import { z } from "zod";
import { SUBSCRIBER_KINDS } from "../../db/schema/subscribers";
import { MAX_SUBSCRIBER_SEARCH_LENGTH } from "../../subscriptions/admin";
import { defineOperation } from "../operation";
import { idParam, page, pageQuery, time } from "../schemas";

export const subscriber = z.object({
  id: z.number().int(),
  kind: z.enum(SUBSCRIBER_KINDS),
  address: z.string().meta({ description: "Email address or webhook URL." }),
  allComponents: z.boolean(),
  componentIds: z.array(z.number().int()),
  confirmedAt: time.nullable(),
  unsubscribedAt: time.nullable(),
  createdAt: time,
});

export const listSubscribersOp = defineOperation({
  id: "listSubscribers",
  method: "GET",
  path: "/subscribers",
  tag: "Subscribers",
  summary: "List or search subscribers, newest first (admins)",
  permission: "admin",
  query: z.object({ search: z.string().max(MAX_SUBSCRIBER_SEARCH_LENGTH, { error: `Search for at most ${MAX_SUBSCRIBER_SEARCH_LENGTH} characters.` }).optional().meta({ description: "Part of the address." }), ...pageQuery }),
  response: page(subscriber),
});

export const removeSubscriberOp = defineOperation({
  id: "removeSubscriber",
  method: "DELETE",
  path: "/subscribers/{id}",
  tag: "Subscribers",
  summary: "Remove a subscriber and its address (admins)",
  permission: "admin",
  params: z.object({ id: idParam }),
  response: z.object({ id: z.number().int(), removed: z.literal(true) }),
});
