import type { FormState } from "@/lib/http/form-state";
import type { ChannelType } from "@/lib/notify/index";
import { CHANNEL_COMMON_FIELDS, CHANNEL_FORM_FIELDS, type ChannelFormField } from "@/lib/notify/form";
import { ActionForm, Input } from "../../../_components/action-form";
import s from "../../incidents/incidents.module.css";
import n from "../notifications.module.css";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/**
 * The channel form of one type. `values` fill the edit form (secrets are never among them: a
 * secret field shows its masked value as a hint and stays blank to keep it); `fixedKey` shows the
 * key without letting it change. Works without JavaScript.
 */
export function ChannelForm({ type, action, initial, values, masked, fixedKey, submit }: { type: ChannelType; action: Action; initial?: FormState; values?: Record<string, string>; masked?: Record<string, string>; fixedKey?: string; submit: string }) {
  const fields = [...CHANNEL_COMMON_FIELDS, ...CHANNEL_FORM_FIELDS[type]];
  return (
    <ActionForm className={s.form} action={action} initial={initial} data-testid="channel-form">
      <input type="hidden" name="type" value={type} />
      {fixedKey !== undefined ? <input type="hidden" name="key" value={fixedKey} /> : null}
      {fields.map((f) => (f.name === "key" && fixedKey !== undefined ? null : <Field key={f.name} field={f} value={f.kind === "secret" ? "" : (values?.[f.name] ?? "")} stored={masked?.[f.name]} editing={fixedKey !== undefined} />))}
      <div className={s.formButtons}>
        <button type="submit">{submit}</button>
      </div>
    </ActionForm>
  );
}

function Field({ field: f, value, stored, editing }: { field: ChannelFormField; value: string; stored?: string; editing: boolean }) {
  const id = `f-${f.name}`;
  const hintId = `${id}-hint`;
  const keep = f.kind === "secret" && editing && stored ? `Stored: ${stored}. Leave blank to keep it. ` : "";
  const hint = `${keep}${f.hint ?? ""}`;
  return (
    <div className={s.field}>
      <label htmlFor={id}>
        {f.label}
        {f.required && !keep ? null : <span className={s.hint}> (optional)</span>}
      </label>
      {hint ? (
        <span className={s.hint} id={hintId}>
          {hint}
        </span>
      ) : null}
      <Input
        id={id}
        type={f.kind === "secret" ? "password" : "text"}
        className={f.kind === "secret" ? n.secretInput : undefined}
        name={f.name}
        defaultValue={value}
        required={f.required && !keep}
        placeholder={f.placeholder}
        maxLength={2_000}
        autoComplete={f.kind === "secret" ? "new-password" : "off"}
        spellCheck={false}
        aria-describedby={hint ? hintId : undefined}
      />
    </div>
  );
}
