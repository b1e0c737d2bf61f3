/**
 * Who may do what. Three roles, each including the one below it: a viewer reads everything on
 * the dashboard (subscribers as counts only), an editor also changes monitors, incidents and
 * maintenance and manages subscribers (their addresses are personal data), an admin also
 * manages users, API keys of others, channels, probe regions and settings. Every action and API
 * route asks `assertCan` itself, as it asks for the session (DESIGN.md: a hidden button is not
 * a permission check).
 */
import { UserError } from "../errors";
import { ROLES, type Role } from "../db/schema/users";

export { ROLES, type Role };


export const ROLE_LABELS: Record<Role, string> = { viewer: "Viewer", editor: "Editor", admin: "Admin" };

/** What each permission needs, so pages and actions name a permission and not a role. */
export const PERMISSIONS = {
  read: "viewer",
  /** Monitors, components, groups, incidents, maintenance, pausing; subscribers' addresses (list, export, remove). */
  edit: "editor",
  /** Users, roles, invites, alert channels, escalation, probe regions and tokens, settings. */
  admin: "admin",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` includes what `permission` needs. */
export function can(role: Role, permission: Permission): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(PERMISSIONS[permission]);
}

/** Throws a forbidden UserError naming the role needed, unless `role` may do it. */
export function assertCan(role: Role, permission: Permission): void {
  if (can(role, permission)) return;
  const needed = PERMISSIONS[permission];
  throw new UserError("forbidden", `Your role (${ROLE_LABELS[role]}) cannot do this: it needs the ${ROLE_LABELS[needed]} role. Ask an admin to change your role.`);
}
