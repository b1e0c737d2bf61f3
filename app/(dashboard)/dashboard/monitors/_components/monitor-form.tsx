import type { FormState } from "@/lib/http/form-state";
import { formFieldsOf, type FormMonitorType, type MonitorFormField } from "@/lib/monitors/form";
import { ActionForm, Checkbox, Input, Select } from "../../../_components/action-form";
import s from "../../incidents/incidents.module.css";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/**
 * The monitor form for one check type (fields from lib/monitors/form.ts). After an error it keeps
 * what was typed and shows each field's errors beside it (the action's state); it works without
 * JavaScript. `values` fill it (the edit form); `fixedKey` shows the key without letting it change.
 */
export function MonitorForm({
  type,
  action,
  initial,
  values,
  components,
  fixedKey,
  submit,
}: {
  type: FormMonitorType;
  action: Action;
  initial?: FormState;
  values?: Record<string, string>;
  components: { key: string; name: string }[];
  fixedKey?: string;
  submit: string;
}) {
  const fields = formFieldsOf(type);
  return (
    <ActionForm className={s.form} action={action} initial={initial} data-testid="monitor-form">
      <input type="hidden" name="type" value={type} />
      {fixedKey !== undefined ? <input type="hidden" name="key" value={fixedKey} /> : null}
      {fields.map((f) => (f.name === "key" && fixedKey !== undefined ? null : <Field key={f.name} field={f} value={values?.[f.name] ?? f.initial ?? ""} components={components} />))}
      <div className={s.formButtons}>
        <button type="submit">{submit}</button>
      </div>
    </ActionForm>
  );
}

function Field({ field: f, value, components }: { field: MonitorFormField; value: string; components: { key: string; name: string }[] }) {
  const id = `f-${f.name}`;
  const hintId = f.hint ? `${id}-hint` : undefined;
  const hint = f.hint ? (
    <span className={s.hint} id={hintId}>
      {f.hint}
    </span>
  ) : null;
  if (f.kind === "checkbox") {
    return (
      <label className={s.check}>
        <Checkbox name={f.name} defaultChecked={value === "on"} />
        {f.label}
      </label>
    );
  }
  if (f.kind === "select") {
    const options = f.name === "component" ? [["", "None"], ...components.map((c) => [c.key, `${c.name} (${c.key})`])] : (f.options ?? []).map((o) => [o, o]);
    return (
      <div className={s.field}>
        <label htmlFor={id}>{f.label}</label>
        {hint}
        <Select id={id} name={f.name} defaultValue={value} aria-describedby={hintId}>
          {options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </Select>
      </div>
    );
  }
  return (
    <div className={s.field}>
      <label htmlFor={id}>
        {f.label}
        {f.required ? null : <span className={s.hint}> (optional)</span>}
      </label>
      {hint}
      <Input
        id={id}
        type="text"
        inputMode={f.kind === "number" ? "numeric" : undefined}
        name={f.name}
        defaultValue={value}
        required={f.required}
        placeholder={f.placeholder}
        maxLength={2_000}
        autoComplete="off"
        spellCheck={false}
        aria-describedby={hintId}
      />
    </div>
  );
}
