"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { changePassword } from "@/lib/auth/account";
import { disableTwoFactor, enableTwoFactor, regenerateRecoveryCodes, startTwoFactor } from "@/lib/auth/two-factor";
import { fieldError } from "@/lib/errors";
import { formErrorState, type FormState } from "@/lib/http/form-state";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser, sessionToken } from "../../_lib/session";

/*
 * Each user's own account, whatever their role (a viewer changes their own password and turns
 * on two-factor sign-in too): no permission beyond being signed in, and only ever the caller's
 * own row.
 */

const BASE = "/dashboard/account";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const notice = (text: string) => `${BASE}?notice=${encodeURIComponent(text)}`;
const SECRETS = { omit: ["currentPassword", "newPassword", "confirm", "password", "code"] };

export async function changePasswordAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(args, {
    ...SECRETS,
    errorPath: () => BASE,
    run: async (form) => {
      if (field(form, "newPassword") !== field(form, "confirm")) throw fieldError("confirm", "The two new passwords differ.");
      await changePassword(await getDb(), user, await sessionToken(), field(form, "currentPassword"), field(form, "newPassword"));
      return notice("Password changed. Your other sessions are signed out.");
    },
  });
}

export async function startTwoFactorAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(args, {
    errorPath: () => BASE,
    run: async () => {
      await startTwoFactor(await getDb(), user);
      return `${BASE}#two-factor`;
    },
  });
}

export async function disableTwoFactorAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(args, {
    ...SECRETS,
    errorPath: () => BASE,
    run: async (form) => {
      await disableTwoFactor(await getDb(), user, field(form, "password"));
      return notice("Two-factor sign-in is off.");
    },
  });
}

/** The state of a form that answers with recovery codes: shown once, never in a URL. */
export type CodesState = FormState & { codes?: string[] };

/**
 * Answers with the codes as the form's state (with or without JavaScript, React renders the page
 * with it), never through a redirect: they must not land in a URL or the history.
 */
async function codesAction(args: FormActionArgs, run: (form: FormData) => Promise<string[]>): Promise<CodesState> {
  const [stateOrForm, maybeForm] = args;
  const form = maybeForm ?? (stateOrForm as FormData);
  try {
    return { codes: await run(form) };
  } catch (err) {
    const state = formErrorState(err, form, SECRETS);
    if (maybeForm) return state;
    redirect(`${BASE}?error=${encodeURIComponent(state.error ?? "")}`);
  }
}

export async function enableTwoFactorAction(...args: FormActionArgs): Promise<CodesState> {
  const user = await requireUser();
  return codesAction(args, async (form) => enableTwoFactor(await getDb(), user, field(form, "code")));
}

export async function regenerateCodesAction(...args: FormActionArgs): Promise<CodesState> {
  const user = await requireUser();
  return codesAction(args, async (form) => regenerateRecoveryCodes(await getDb(), user, field(form, "password")));
}
