import { COMPONENT_IMPACTS, INCIDENT_IMPACTS, type ComponentImpact, type IncidentImpact, type IncidentStatus } from "@/lib/db/schema/incidents";
import { strings as t } from "@/lib/i18n/en";
import { Checkbox, Fieldset, Input, Select, TextArea } from "../../../_components/action-form";
import type { AudienceCount } from "@/lib/subscriptions/audience";
import { MarkdownPreview } from "./markdown-preview";
import s from "../incidents.module.css";

/**
 * Shared pieces of the incident forms and lists: server components around the client leaves of
 * ../../../_components/action-form.tsx, which fill in what was typed after an error and show each
 * field's errors (the forms work without JavaScript).
 */

type Choice = { id: number; name: string; isPublic: boolean };

/** A `datetime-local` value in UTC, as the forms read it back. */
export const utcInputValue = (ms: number | null | undefined) => (ms == null ? "" : new Date(ms).toISOString().slice(0, 16));

export function StatusSelect({ statuses, value, id = "status" }: { statuses: readonly IncidentStatus[]; value?: string; id?: string }) {
  return (
    <div className={s.field}>
      <label htmlFor={id}>Status</label>
      <Select id={id} name="status" defaultValue={value ?? statuses[0]} required>
        {statuses.map((st) => (
          <option key={st} value={st}>
            {t.incidents.status[st]}
          </option>
        ))}
      </Select>
    </div>
  );
}

export function ImpactSelect({ value, id = "impact" }: { value?: string; id?: string }) {
  return (
    <div className={s.field}>
      <label htmlFor={id}>Impact</label>
      <Select id={id} name="impact" defaultValue={value ?? "minor"} required>
        {INCIDENT_IMPACTS.map((i) => (
          <option key={i} value={i}>
            {t.incidents.impact[i]}
          </option>
        ))}
      </Select>
    </div>
  );
}

/** One select per component ("not affected" or how), named `impact:<id>`. */
export function ComponentImpactFields({ choices, values }: { choices: Choice[]; values: Map<number, ComponentImpact | string> }) {
  return (
    <Fieldset name="components" id="components" legend="Affected components">
      {choices.length === 0 ? <p className="muted">No components are configured.</p> : null}
      {choices.map((c) => (
        <div key={c.id} className={s.componentRow}>
          <label htmlFor={`impact-${c.id}`}>
            {c.name}
            {c.isPublic ? null : <span className="muted"> · private</span>}
          </label>
          <Select id={`impact-${c.id}`} name={`impact:${c.id}`} defaultValue={values.get(c.id) ?? ""} aria-label={`Impact on ${c.name}`}>
            <option value="">Not affected</option>
            {COMPONENT_IMPACTS.map((i) => (
              <option key={i} value={i}>
                {t.incidents.componentImpact[i]}
              </option>
            ))}
          </Select>
        </div>
      ))}
    </Fieldset>
  );
}

/** Checkboxes named `component` (maintenance affects components without an impact level). */
export function MaintenanceComponentFields({ choices, checked }: { choices: Choice[]; checked: Set<number> }) {
  return (
    <Fieldset name="component" id="component" legend="Components under maintenance">
      {choices.length === 0 ? <p className="muted">No components are configured.</p> : null}
      {choices.map((c) => (
        <label key={c.id} className={s.check}>
          <Checkbox name="component" value={c.id} defaultChecked={checked.has(c.id)} />
          <span>
            {c.name}
            {c.isPublic ? null : <span className="muted"> · private</span>}
          </span>
        </label>
      ))}
    </Fieldset>
  );
}

/** `startLocked`: the window has begun, so only its end can move (a disabled input is not sent). */
export function WindowFields({ start, end, startLocked = false }: { start?: string; end?: string; startLocked?: boolean }) {
  return (
    <div className={s.row2}>
      <div className={s.field}>
        <label htmlFor="start">Starts (UTC)</label>
        <Input id="start" type="datetime-local" name="start" defaultValue={start} required disabled={startLocked} />
      </div>
      <div className={s.field}>
        <label htmlFor="end">Ends (UTC)</label>
        <Input id="end" type="datetime-local" name="end" defaultValue={end} required />
      </div>
    </div>
  );
}

export function MessageField({ value, label = "Message", id = "body", maxLength = 20_000, required = true }: { value?: string; label?: string; id?: string; maxLength?: number; required?: boolean }) {
  return (
    <div className={s.field}>
      <label htmlFor={id}>{label}</label>
      <span className={s.hint} id={`${id}-hint`}>
        Markdown: **bold**, _italic_, lists, `code`, [links](https://example.com). HTML is shown as text.
      </span>
      <TextArea id={id} name="body" defaultValue={value} required={required} maxLength={maxLength} aria-describedby={`${id}-hint`} />
      <MarkdownPreview target={id} />
    </div>
  );
}

export function Badge({ tone, children }: { tone?: "draft" | "live" | "open" | "active"; children: React.ReactNode }) {
  return (
    <span className={s.badge} data-tone={tone}>
      {children}
    </span>
  );
}

export function PublishedBadge({ published }: { published: boolean }) {
  return published ? <Badge tone="live">Published</Badge> : <Badge tone="draft">Draft · not public</Badge>;
}

export const impactLabel = (i: IncidentImpact) => t.incidents.impact[i];

/** The first value of a query parameter. */
export const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

const people = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const reach = (c: { emails: number; webhooks: number }) =>
  c.emails + c.webhooks === 0 ? "no subscriber (none follows these components)" : `${people(c.emails, "subscriber", "subscribers")} by email and ${people(c.webhooks, "webhook", "webhooks")}`;

/**
 * "Subscribers will be notified" before a public change, counted by lib/subscriptions/audience.ts
 * (the fan-out's own rule). `when`: what the button does ("This update", "Publishing").
 */
export function AudienceLine({ audience, when }: { audience: AudienceCount & { ifPublished: { emails: number; webhooks: number } }; when: "update" | "publish" }) {
  const text =
    when === "publish"
      ? `Publishing sends the latest update to ${reach(audience.ifPublished)}.`
      : audience.published
        ? `Will notify ${reach(audience)}.`
        : "No one will be notified (draft).";
  return (
    <p className={s.audience} data-testid="audience">
      {text}
    </p>
  );
}
