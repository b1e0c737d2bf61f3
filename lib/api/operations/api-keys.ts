/** /api/v1 api-keys: the caller's own keys (list, revoke). Keys are created on the dashboard, where the secret is shown once. */
import { z } from "zod";
import { API_KEY_SCOPES } from "../../db/schema/api-keys";
import { defineOperation } from "../operation";
import { time } from "../schemas";

export const apiKey = z.object({
  id: z.string().meta({ description: "Public; the secret starts with sm_<id>_." }),
  name: z.string(),
  scope: z.enum(API_KEY_SCOPES).meta({ description: "write includes read." }),
  createdAt: time,
  expiresAt: time.nullable(),
  lastUsedAt: time.nullable().meta({ description: "To the minute." }),
  revokedAt: time.nullable(),
});

export const listApiKeysOp = defineOperation({
  id: "listApiKeys",
  method: "GET",
  path: "/api-keys",
  tag: "API keys",
  summary: "The caller's own API keys, newest first",
  permission: "read",
  response: z.object({ items: z.array(apiKey) }),
});

export const revokeApiKeyOp = defineOperation({
  id: "revokeApiKey",
  method: "DELETE",
  path: "/api-keys/{id}",
  tag: "API keys",
  summary: "Revoke one of the caller's own API keys (it may be the one calling)",
  permission: "read",
  params: z.object({ id: z.string().min(1).max(64) }),
  response: apiKey,
  conflict: true,
});
