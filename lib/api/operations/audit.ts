/** /api/v1 audit log (read). */
import { z } from "zod";
import { AUDIT_SOURCES } from "../../db/schema/audit-log";
import { defineOperation } from "../operation";
import { page, pageQuery, time } from "../schemas";

export const auditEntry = z.object({
  id: z.number().int(),
  at: time,
  actor: z.string().meta({ description: "Who, in words, as it was then." }),
  source: z.enum(AUDIT_SOURCES),
  action: z.string().meta({ description: "<entity>.<verb>, like incident.create." }),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown().meta({ description: "The entity before (secrets redacted), or null." }),
  after: z.unknown().meta({ description: "The entity after (secrets redacted), or null." }),
});

export const listAuditOp = defineOperation({
  id: "listAudit",
  method: "GET",
  path: "/audit",
  tag: "Audit log",
  summary: "Who changed what, newest first",
  permission: "read",
  query: z.object({
    entity: z.string().max(64).optional().meta({ description: "Only this kind of entity (incident, api_key, …)." }),
    entityId: z.string().max(200).optional().meta({ description: "With entity: only this one's history." }),
    ...pageQuery,
  }),
  response: page(auditEntry),
});
