"use server";
import { getDb } from "@/lib/db/client";
import { userActor } from "@/lib/audit/log";
import { createInvite, revokeInvite } from "@/lib/auth/invites";
import { changeRole, removeUser, resetTwoFactor } from "@/lib/auth/team";
import type { FormState } from "@/lib/http/form-state";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/* Thin adapters over lib/auth (invites, team); admins only, asked first. */

const BASE = "/dashboard/users";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const notice = (text: string) => `${BASE}?notice=${encodeURIComponent(text)}`;

async function admin() {
  const user = await requireUser("admin");
  return { actor: userActor(user), role: user.role };
}

export async function inviteUserAction(...args: FormActionArgs): Promise<FormState> {
  const by = await admin();
  return runFormAction(args, {
    errorPath: () => BASE,
    run: async (form) => {
      await createInvite(await getDb(), by, { email: field(form, "email"), role: field(form, "role") });
      return notice(`Invitation sent to ${field(form, "email").trim().toLowerCase()}.`);
    },
  });
}

export async function changeRoleAction(...args: FormActionArgs): Promise<FormState> {
  const by = await admin();
  return runFormAction(args, {
    omit: ["userId"],
    errorPath: () => BASE,
    run: async (form) => {
      await changeRole(await getDb(), by, Number(field(form, "userId")), field(form, "role"));
      return notice("Role changed.");
    },
  });
}

export async function removeUserAction(...args: FormActionArgs): Promise<FormState> {
  const by = await admin();
  return runFormAction(args, {
    omit: ["userId"],
    errorPath: () => BASE,
    run: async (form) => {
      const { email } = await removeUser(await getDb(), by, Number(field(form, "userId")));
      return notice(`${email} was removed.`);
    },
  });
}

export async function revokeInviteAction(...args: FormActionArgs): Promise<FormState> {
  const by = await admin();
  return runFormAction(args, {
    omit: ["inviteId"],
    errorPath: () => BASE,
    run: async (form) => {
      await revokeInvite(await getDb(), by, Number(field(form, "inviteId")));
      return notice("Invitation withdrawn.");
    },
  });
}

export async function resetTwoFactorAction(...args: FormActionArgs): Promise<FormState> {
  const by = await admin();
  return runFormAction(args, {
    omit: ["userId"],
    errorPath: () => BASE,
    run: async (form) => {
      const { email } = await resetTwoFactor(await getDb(), by, Number(field(form, "userId")));
      return notice(`Two-factor sign-in is off for ${email}; their sessions ended, and they sign in with their password.`);
    },
  });
}
