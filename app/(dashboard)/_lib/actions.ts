"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { acceptInvite } from "@/lib/auth/invites";
import { requestPasswordReset, resetPassword } from "@/lib/auth/password-reset";
import { completeSignIn } from "@/lib/auth/two-factor";
import { createFirstAdmin, createSession, endSession, signIn } from "@/lib/auth/users";
import { fieldError } from "@/lib/errors";
import { clientKey } from "@/lib/http/client-address";
import type { FormState } from "@/lib/http/form-state";
import { safeReturnPath } from "@/lib/http/return-path";
import { runFormAction, type FormActionArgs } from "./form-action";
import { CHALLENGE_COOKIE, CODE_PATH, SESSION_COOKIE, sessionToken, setChallengeCookie, setSessionCookie } from "./session";

const field = (form: FormData, name: string) => String(form.get(name) ?? "");

/** Passwords never travel back to the page; `next` is in the path. */
const SECRETS = ["password", "confirm"];

export async function setupAction(...args: FormActionArgs): Promise<FormState> {
  return runFormAction(args, {
    omit: SECRETS,
    errorPath: () => "/setup",
    run: async (form) => {
      if (field(form, "password") !== field(form, "confirm")) throw fieldError("confirm", "The two passwords differ.");
      const db = await getDb();
      const userId = await createFirstAdmin(db, field(form, "email"), field(form, "password"));
      const session = await createSession(db, userId);
      await setSessionCookie(session.token, session.expiresAt);
      return "/dashboard";
    },
  });
}

export async function loginAction(...args: FormActionArgs): Promise<FormState> {
  return runFormAction(args, {
    omit: [...SECRETS, "next"],
    errorPath: (form) => {
      const next = safeReturnPath(field(form, "next"));
      return next ? `/login?next=${encodeURIComponent(next)}` : "/login";
    },
    run: async (form) => {
      const db = await getDb();
      const result = await signIn(db, field(form, "email"), field(form, "password"), clientKey(await headers()));
      const next = safeReturnPath(field(form, "next"));
      if (result.challenge !== undefined) {
        await setChallengeCookie(result.challenge, result.expiresAt);
        return next ? `${CODE_PATH}?next=${encodeURIComponent(next)}` : CODE_PATH;
      }
      await setSessionCookie(result.token, result.expiresAt);
      return next ?? "/dashboard";
    },
  });
}

/** The second step of a sign-in with two-factor on: the code answers the challenge in the cookie. */
export async function signInCodeAction(...args: FormActionArgs): Promise<FormState> {
  return runFormAction(args, {
    omit: ["code", "next"],
    errorPath: (form) => {
      const next = safeReturnPath(field(form, "next"));
      return next ? `${CODE_PATH}?next=${encodeURIComponent(next)}` : CODE_PATH;
    },
    run: async (form) => {
      const jar = await cookies();
      const session = await completeSignIn(await getDb(), jar.get(CHALLENGE_COOKIE)?.value ?? "", field(form, "code"), clientKey(await headers()));
      jar.delete({ name: CHALLENGE_COOKIE, path: CODE_PATH });
      await setSessionCookie(session.token, session.expiresAt);
      return safeReturnPath(field(form, "next")) ?? "/dashboard";
    },
  });
}

/** Accepts an invitation from its emailed link: sets the password and signs in. */
export async function acceptInviteAction(...args: FormActionArgs): Promise<FormState> {
  return runFormAction(args, {
    omit: [...SECRETS, "token"],
    errorPath: (form) => `/invite/${encodeURIComponent(field(form, "token"))}`,
    run: async (form) => {
      if (field(form, "password") !== field(form, "confirm")) throw fieldError("confirm", "The two passwords differ.");
      const session = await acceptInvite(await getDb(), field(form, "token"), field(form, "password"));
      await setSessionCookie(session.token, session.expiresAt);
      return "/dashboard/account?notice=" + encodeURIComponent("Welcome! Consider turning on two-factor sign-in below.");
    },
  });
}

/** Asks for a reset link; the answer is the same whether or not the address has an account. */
export async function requestResetAction(...args: FormActionArgs): Promise<FormState> {
  return runFormAction(args, {
    errorPath: () => "/reset-password",
    run: async (form) => {
      await requestPasswordReset(await getDb(), field(form, "email"), clientKey(await headers()));
      return "/reset-password?sent=1";
    },
  });
}

/** Sets a new password through a reset link, then asks to sign in with it. */
export async function resetPasswordAction(...args: FormActionArgs): Promise<FormState> {
  return runFormAction(args, {
    omit: [...SECRETS, "token"],
    errorPath: (form) => `/reset-password/${encodeURIComponent(field(form, "token"))}`,
    run: async (form) => {
      if (field(form, "password") !== field(form, "confirm")) throw fieldError("confirm", "The two passwords differ.");
      await resetPassword(await getDb(), field(form, "token"), field(form, "password"));
      return "/login?reset=1";
    },
  });
}

export async function logoutAction() {
  await endSession(await getDb(), await sessionToken());
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/login");
}
