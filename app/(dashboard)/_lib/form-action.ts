import { redirect } from "next/navigation";
import { formErrorState, formStateQuery, type FormErrorOptions, type FormState } from "@/lib/http/form-state";

/**
 * How React calls a form action: (state, form) through useActionState (the dashboard forms, with
 * or without JavaScript), or (form) alone from a plain <form action> post, as a script sends it.
 */
export type FormActionArgs = [stateOrForm: FormState | FormData, form?: FormData];

export interface FormActionOptions extends FormErrorOptions {
  /**
   * Does the work and returns where to go next, or a state to show in place (a secret shown once,
   * which must not travel in a URL). Throws a UserError for what the user must change.
   */
  run: (form: FormData) => Promise<string | FormState>;
  /** A plain post's way back after an error (its query string carries the error and the input). */
  errorPath: (form: FormData) => string;
}

/**
 * Runs a dashboard form action: success redirects; a UserError becomes the form's state (lib/http/
 * form-state.ts), so the form shows it and keeps what was typed. A plain post cannot take a state
 * back, so its error goes to `errorPath` in the query string, as the forms always did.
 */
export async function runFormAction([stateOrForm, form]: FormActionArgs, opts: FormActionOptions): Promise<FormState> {
  const data = form ?? (stateOrForm as FormData);
  let next: string | FormState;
  try {
    next = await opts.run(data);
  } catch (err) {
    const state = formErrorState(err, data, opts);
    if (form) return state;
    const path = opts.errorPath(data);
    redirect(`${path}${path.includes("?") ? "&" : "?"}${formStateQuery(state)}`);
  }
  if (typeof next !== "string") return next;
  redirect(next);
}
