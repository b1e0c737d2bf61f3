import type { ComponentImpact } from "@/lib/db/schema/incidents";
import type { MaintenancePhase } from "@/lib/incidents/manage";
import { strings as t } from "@/lib/i18n/en";

/**
 * The components an incident or maintenance affects, each with what it means for them now. A
 * maintenance says "Under maintenance" only while its window is in progress; one hours away is
 * planned, as the public page and the API say (lib/status/component.ts).
 */
export function AffectedComponents({ components, phase }: { components: { id: number; name: string; impact: ComponentImpact; isPublic: boolean }[]; phase: MaintenancePhase | null }) {
  if (components.length === 0) return <>none</>;
  return (
    <>
      {components.map((c, n) => (
        <span key={c.id} data-testid="affected-component">
          {n > 0 ? ", " : null}
          {c.name}
          {c.isPublic ? "" : " (private)"}
          <span className="muted"> · {phase ? t.incidents.maintenanceOnComponent[phase] : t.incidents.componentImpact[c.impact]}</span>
        </span>
      ))}
    </>
  );
}
