/**
 * State changes as log lines, without a flood: one line per change, except that a kind of change
 * (from → to) seen more than `limit` times in one pass is one summary line with a count and a
 * few examples. 10,000 monitors starting up print one "no_data → operational" line, not 10,000;
 * a lone outage among them still gets its own line.
 */
export interface LoggedTransition {
  key: string;
  from: string;
  to: string;
  reason: string;
}

export const TRANSITION_LOG_LIMIT = 20;
const EXAMPLES = 3;

export function transitionLogLines(items: LoggedTransition[], limit = TRANSITION_LOG_LIMIT): string[] {
  const byKind = new Map<string, LoggedTransition[]>();
  for (const t of items) {
    const kind = `${t.from} → ${t.to}`;
    const list = byKind.get(kind) ?? [];
    list.push(t);
    byKind.set(kind, list);
  }
  const lines: string[] = [];
  for (const [kind, list] of byKind) {
    if (list.length <= limit) {
      for (const t of list) lines.push(`${t.key}: ${kind}: ${t.reason}`);
      continue;
    }
    const reasons = new Set(list.map((t) => t.reason));
    const why = reasons.size === 1 ? `: ${list[0].reason}` : ` (${reasons.size} different reasons)`;
    const examples = list.slice(0, EXAMPLES).map((t) => t.key).join(", ");
    lines.push(`${list.length.toLocaleString("en-US")} monitors: ${kind}${why}; e.g. ${examples}`);
  }
  return lines;
}
