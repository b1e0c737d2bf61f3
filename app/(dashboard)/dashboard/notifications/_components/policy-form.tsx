import type { FormState } from "@/lib/http/form-state";
import { POLICY_FORM_STEPS } from "@/lib/notify/form";
import { ActionForm, Fieldset, Input } from "../../../_components/action-form";
import s from "../../incidents/incidents.module.css";
import n from "../notifications.module.css";

type Action = (state: FormState, form: FormData) => Promise<FormState>;

/**
 * The escalation policy form: name, key, up to POLICY_FORM_STEPS steps (a delay and the channel
 * keys it tells) and the reminder interval. `values` fill the edit form. Works without JavaScript.
 */
export function PolicyForm({ action, initial, values, channelKeys, fixedKey, submit }: { action: Action; initial?: FormState; values?: Record<string, string>; channelKeys: string[]; fixedKey?: string; submit: string }) {
  const v = (name: string) => values?.[name] ?? "";
  return (
    <ActionForm className={s.form} action={action} initial={initial} data-testid="policy-form">
      {fixedKey !== undefined ? <input type="hidden" name="key" value={fixedKey} /> : null}
      <div className={s.field}>
        <label htmlFor="p-name">Name</label>
        <Input id="p-name" type="text" name="name" defaultValue={v("name")} required maxLength={200} placeholder="On call" autoComplete="off" />
      </div>
      {fixedKey === undefined ? (
        <div className={s.field}>
          <label htmlFor="p-key">Key</label>
          <span className={s.hint} id="p-key-hint">Lowercase letters, digits and dashes; monitors name it; it cannot change later.</span>
          <Input id="p-key" type="text" name="key" required maxLength={64} placeholder="oncall" autoComplete="off" spellCheck={false} aria-describedby="p-key-hint" />
        </div>
      ) : null}
      <Fieldset name="steps" id="p-steps" legend="Steps">
        <span className={s.hint}>
          Each step tells its channels this long after the alert opened (blank: at once). Channel keys, separated by commas:{" "}
          {channelKeys.length ? channelKeys.join(", ") : "none yet: create a channel first"}.
        </span>
        {Array.from({ length: POLICY_FORM_STEPS }, (_, i) => (
          <div className={n.stepRow} key={i}>
            <div className={s.field}>
              <label htmlFor={`p-step${i}-after`}>Step {i + 1} after</label>
              <Input id={`p-step${i}-after`} type="text" name={`step${i}After`} defaultValue={v(`step${i}After`)} maxLength={20} placeholder={i === 0 ? "0m" : i === 1 ? "10m" : undefined} autoComplete="off" />
            </div>
            <div className={s.field}>
              <label htmlFor={`p-step${i}-channels`}>Step {i + 1} channels</label>
              <Input id={`p-step${i}-channels`} type="text" name={`step${i}Channels`} defaultValue={v(`step${i}Channels`)} maxLength={2_000} placeholder={i === 0 ? "ops-email" : ""} autoComplete="off" spellCheck={false} />
            </div>
          </div>
        ))}
      </Fieldset>
      <div className={s.field}>
        <label htmlFor="p-repeat">
          Repeat every<span className={s.hint}> (optional)</span>
        </label>
        <span className={s.hint} id="p-repeat-hint">Like &quot;30m&quot;: the last step is sent again until someone acknowledges. Blank: no reminders.</span>
        <Input id="p-repeat" type="text" name="repeat" defaultValue={v("repeat")} maxLength={20} autoComplete="off" aria-describedby="p-repeat-hint" />
      </div>
      <div className={s.formButtons}>
        <button type="submit">{submit}</button>
      </div>
    </ActionForm>
  );
}
