import Link from "next/link";
import { configFilePath } from "@/lib/config/load";
import type { FormState } from "@/lib/http/form-state";
import { ActionForm, Checkbox, Input, Select, TextArea } from "../../../_components/action-form";
import s from "../../incidents/incidents.module.css";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/**
 * The component and group forms (fields as in status.config.yaml, plus the page position). After
 * an error they keep what was typed and show each field's errors beside it; they work without
 * JavaScript. `values` fill them (the edit forms); `fixedKey` shows the key without letting it change.
 */
export function ComponentForm({ action, initial, values = {}, groups, fixedKey, submit }: { action: Action; initial?: FormState; values?: Record<string, string>; groups: { key: string; name: string }[]; fixedKey?: string; submit: string }) {
  return (
    <ActionForm className={s.form} action={action} initial={initial} data-testid="component-form">
      <NameAndKey values={values} fixedKey={fixedKey} placeholder={["Billing API", "billing-api"]} />
      <div className={s.field}>
        <label htmlFor="f-group">
          Group <span className={s.hint}>(optional)</span>
        </label>
        <Select id="f-group" name="group" defaultValue={values.group ?? ""}>
          <option value="">None: on its own</option>
          {groups.map((g) => (
            <option key={g.key} value={g.key}>
              {g.name} ({g.key})
            </option>
          ))}
        </Select>
      </div>
      <div className={s.field}>
        <label htmlFor="f-description">
          Description <span className={s.hint}>(optional)</span>
        </label>
        <TextArea id="f-description" name="description" defaultValue={values.description ?? ""} maxLength={1_000} rows={3} />
      </div>
      <label className={s.check}>
        <Checkbox name="public" defaultChecked={(values.public ?? "on") === "on"} />
        Show on the public status page (private: only the dashboard shows it and its monitors)
      </label>
      <label className={s.check}>
        <Checkbox name="showLatency" defaultChecked={(values.showLatency ?? "on") === "on"} />
        Show a response-time line on the public page
      </label>
      <label className={s.check}>
        <Checkbox name="publishIncidents" defaultChecked={values.publishIncidents === "on"} />
        Publish incidents its monitors open at once (otherwise drafts for the team)
      </label>
      <Order value={values.order} />
      <div className={s.formButtons}>
        <button type="submit">{submit}</button>
      </div>
    </ActionForm>
  );
}

export function GroupForm({ action, initial, values = {}, fixedKey, submit }: { action: Action; initial?: FormState; values?: Record<string, string>; fixedKey?: string; submit: string }) {
  return (
    <ActionForm className={s.form} action={action} initial={initial} data-testid="group-form">
      <NameAndKey values={values} fixedKey={fixedKey} placeholder={["Payments", "payments"]} />
      <Order value={values.order} />
      <div className={s.formButtons}>
        <button type="submit">{submit}</button>
      </div>
    </ActionForm>
  );
}

/** Archive with a confirming tick (a plain post without it comes back with the question). */
export function ArchiveForm({ action, entryKey, what, consequence }: { action: Action; entryKey: string; what: string; consequence: string }) {
  return (
    <ActionForm action={action} className={s.actions} data-testid="archive-form">
      <input type="hidden" name="key" value={entryKey} />
      <label className={s.check}>
        <Checkbox name="confirm" />
        Yes, archive this {what}: {consequence}
      </label>
      <button type="submit">Archive {what}</button>
    </ActionForm>
  );
}

function NameAndKey({ values, fixedKey, placeholder: [name, key] }: { values: Record<string, string>; fixedKey?: string; placeholder: [string, string] }) {
  return (
    <>
      <div className={s.field}>
        <label htmlFor="f-name">Name</label>
        <Input id="f-name" type="text" name="name" defaultValue={values.name ?? ""} required maxLength={200} placeholder={name} autoComplete="off" />
      </div>
      {fixedKey !== undefined ? (
        <input type="hidden" name="key" value={fixedKey} />
      ) : (
        <div className={s.field}>
          <label htmlFor="f-key">Key</label>
          <span className={s.hint} id="f-key-hint">
            Lowercase letters, digits and dashes; badges and the API name it, so it cannot change later.
          </span>
          <Input id="f-key" type="text" name="key" defaultValue="" required maxLength={64} placeholder={key} autoComplete="off" spellCheck={false} aria-describedby="f-key-hint" />
        </div>
      )}
    </>
  );
}

function Order({ value }: { value?: string }) {
  return (
    <div className={s.field}>
      <label htmlFor="f-order">
        Position <span className={s.hint}>(optional)</span>
      </label>
      <span className={s.hint} id="f-order-hint">
        A whole number: lower comes first on the page. Left empty, a new one goes after the others.
      </span>
      <Input id="f-order" type="text" inputMode="numeric" name="order" defaultValue={value ?? ""} maxLength={9} autoComplete="off" aria-describedby="f-order-hint" />
    </div>
  );
}

/** The top of an edit page; for an entry the config file declares, also where to change it (and nothing else follows). */
export function EditHead({ title, entryKey, origin, section }: { title: string; entryKey: string; origin: string; section: "components" | "groups" }) {
  return (
    <>
      <p>
        <Link href="/dashboard/components">← Components</Link>
      </p>
      <h1>{title}</h1>
      <p className="muted">
        Key <code>{entryKey}</code>
      </p>
      {origin === "config" ? (
        <p className="error" role="alert">
          This {section === "groups" ? "group" : "component"} is managed by config: change it in {configFilePath()} (the entry &ldquo;key: {entryKey}&rdquo; under {section}:).
        </p>
      ) : null}
    </>
  );
}
