import { COMPONENT_IMPACTS, INCIDENT_IMPACTS, type ComponentImpact, type IncidentImpact } from "../db/schema/incidents";

/**
 * How bad an impact is: one ranking for automatic incidents (./auto.ts: an open incident's impact
 * only goes up) and manual ones (./manage.ts: a merge keeps the worse). It is the order of the
 * schema's lists, mildest first, in TypeScript and, for statements that compare stored rows, in SQL.
 */
export function incidentImpactRank(impact: IncidentImpact): number {
  return INCIDENT_IMPACTS.indexOf(impact);
}

export function componentImpactRank(impact: ComponentImpact): number {
  return COMPONENT_IMPACTS.indexOf(impact);
}

/** The rank of an incident impact held by a column or a placeholder (`expr`), in SQL. */
export function incidentImpactRankSql(expr: string): string {
  return rankSql(INCIDENT_IMPACTS, expr);
}

/** The rank of a component impact held by a column or a placeholder (`expr`), in SQL. */
export function componentImpactRankSql(expr: string): string {
  return rankSql(COMPONENT_IMPACTS, expr);
}

function rankSql(levels: readonly string[], expr: string): string {
  return `(CASE ${expr} ${levels.map((level, rank) => `WHEN '${level}' THEN ${rank}`).join(" ")} ELSE -1 END)`;
}
