"use server";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { createFirstAdmin, createSession, endSession, signIn } from "@/lib/auth/users";
import { fieldError } from "@/lib/errors";
import { clientKey } from "@/lib/http/client-address";
import type { FormState } from "@/lib/http/form-state";
import { safeReturnPath } from "@/lib/http/return-path";
import { runFormAction, type FormActionArgs } from "./form-action";
import { SESSION_COOKIE, sessionToken, setSessionCookie } from "./session";

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
      const session = await signIn(db, field(form, "email"), field(form, "password"), clientKey(await headers()));
      await setSessionCookie(session.token, session.expiresAt);
      return safeReturnPath(field(form, "next")) ?? "/dashboard";
    },
  });
}

export async function logoutAction() {
  await endSession(await getDb(), await sessionToken());
  (await cookies()).delete(SESSION_COOKIE);
  redirect("/login");
}
