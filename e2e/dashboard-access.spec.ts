import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createClient, type Client } from "@libsql/client";
import { expect, test } from "@playwright/test";
import { startApp, type RunningApp } from "./app";

/**
 * The dashboard is private, tested from outside with plain HTTP against the built product.
 * Every dashboard route and server action comes from the build's own manifests, so a page or
 * action added later is walked too without editing this file. Without a session (and with a
 * forged cookie) each must answer a redirect to sign-in (or 401/403) whose body holds none of
 * the private marker strings that the same pages show once signed in.
 */
const SECRET_QUERY = "tokenQx7PrivateQuery";
const CHANNEL_PATH = "hooksSecretChannelPath91";
const CHANNEL_SECRET = "whsec_c2VjcmV0LWNoYW5uZWwtc2lnbmluZy1rZXk=";
const INCIDENT_TITLE = "Ledger replication stalled (draft)";
const SCHEDULE_TITLE = "Ledger vacuum (draft schedule)";
/** A subscriber's address: personal data, shown to editors and admins only (never to a viewer). */
const SUBSCRIBER_ADDRESS = "private.reader@subscriber.test";
/** Monitor keys are not markers: a request names them in its own URL, which the answer may echo. */
const MARKERS = ["Payroll ledger", "Payroll sync job", SECRET_QUERY, "Nightly backup", CHANNEL_PATH, INCIDENT_TITLE, SCHEDULE_TITLE, SUBSCRIBER_ADDRESS];

const config = `page:
  name: Access test
components:
  - key: ledger
    name: Payroll ledger
    public: false
monitors:
  - key: payroll-sync
    name: Payroll sync job
    type: http
    component: ledger
    interval: 30s
    url: http://127.0.0.1:9/check?token=${SECRET_QUERY}
  - key: nightly-backup
    name: Nightly backup
    type: heartbeat
    component: ledger
    interval: 1h
channels:
  - key: ops-hook
    type: webhook
    url: http://127.0.0.1:9/${CHANNEL_PATH}
    secret: ${CHANNEL_SECRET}
escalation:
  - key: default
    steps:
      - channels: [ops-hook]
`;

const EMAIL = "owner@access.test";
const PASSWORD = "correct horse battery";
/** Actions meant for visitors without a session (they create or end one, or set a password by an emailed link). */
const PUBLIC_ACTIONS = new Set(["setupAction", "loginAction", "logoutAction", "signInCodeAction", "acceptInviteAction", "requestResetAction", "resetPasswordAction"]);
/** Actions on the caller's own account, open to every role (a viewer changes their own password too). */
/** Pages that need more than a viewer's role: they answer a viewer 403 with no data. */
const VIEWER_FORBIDDEN_PAGES = new Set([
  "/dashboard/users",
  "/dashboard/incidents/new",
  "/dashboard/incidents/templates",
  "/dashboard/monitors/new",
  "/dashboard/monitors/payroll-sync/edit",
  "/dashboard/config",
  "/dashboard/config/export.yaml",
  "/dashboard/maintenance/new",
  "/dashboard/maintenance/schedules/1",
  "/dashboard/components/new",
  "/dashboard/components/payroll-sync/edit",
  "/dashboard/component-groups/new",
  "/dashboard/component-groups/payroll-sync/edit",
  "/dashboard/subscribers/export",
  // Channels hold credentials and policies decide who is woken: admins only.
  "/dashboard/notifications/channels/new",
  "/dashboard/notifications/channels/ops-hook/edit",
  "/dashboard/notifications/policies/new",
  "/dashboard/notifications/policies/default/edit",
]);
const OWN_ACCOUNT_ACTIONS = new Set(["createApiKeyAction", "revokeApiKeyAction", "changePasswordAction", "startTwoFactorAction", "enableTwoFactorAction", "disableTwoFactorAction", "regenerateCodesAction"]);
const VIEWER_EMAIL = "viewer@access.test";
/** Seen only by admins (the users page lists the team and open invitations), and subscriber addresses (editors too). */
const ADMIN_MARKERS = [EMAIL, "invitee@access.test", SUBSCRIBER_ADDRESS];
/** Changes the action walks must not make: subscribers, probe tokens, regions. */
const PEOPLE_STATE = ["SELECT id, address FROM subscribers ORDER BY id", "SELECT id, revoked_at FROM probe_tokens ORDER BY id", "SELECT name FROM regions ORDER BY name"];

interface ActionEntry {
  id: string;
  exportedName: string;
  filename: string;
  /** A page that binds the action (app path, like /dashboard/incidents/new). */
  page: string;
}

const routes = JSON.parse(readFileSync(".next/app-path-routes-manifest.json", "utf8")) as Record<string, string>;
const actionManifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as {
  node: Record<string, { workers: Record<string, unknown>; filename?: string; exportedName?: string }>;
};
const appPathOf = (worker: string) => routes["/" + worker.replace(/^app\//, "")];
const actions: ActionEntry[] = Object.entries(actionManifest.node).map(([id, a]) => ({
  id,
  exportedName: a.exportedName ?? "",
  filename: a.filename ?? "",
  page: appPathOf(Object.keys(a.workers)[0]),
}));
const actionId = (name: string) => actions.find((a) => a.exportedName === name)!.id;

/** A recurring maintenance form as sent (an action that ran with these would create or change one). */
const TOMORROW = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
const SCHEDULE_FIELDS = { frequency: "daily", time: "03:00", tz: "UTC", duration: "30", startDate: TOMORROW, body: "Vacuuming the ledger." };
const [SOON_START, SOON_END] = [`${TOMORROW}T10:00`, `${TOMORROW}T11:00`];

let app: RunningApp;
let db: Client;
let cookie = "";
let incidentId = 0;
let pushToken = "";
let viewerCookie = "";

/** The no-JS form post of a server action, as a browser without JavaScript sends it. */
function formPost(path: string, id: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.set(`$ACTION_ID_${id}`, "");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return fetch(app.base + path, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base, ...headers } });
}

/** The fetch-mode call of a server action, as React sends it (one FormData argument). */
function actionCall(path: string, id: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const form = new FormData();
  form.set("0", '["$K1"]');
  for (const [k, v] of Object.entries(fields)) form.set(`1_${k}`, v);
  return fetch(app.base + path, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base, "next-action": id, accept: "text/x-component", ...headers } });
}

function concrete(route: string): string {
  return route.replace(/\[([^\]]+)\]/g, (_m, name: string) => {
    if (name === "key" && route.startsWith("/dashboard/notifications/channels/")) return "ops-hook";
    if (name === "key" && route.startsWith("/dashboard/notifications/policies/")) return "default";
    if (name === "key") return "payroll-sync";
    if (name === "id" && route.startsWith("/dashboard/maintenance/schedules/")) return "1";
    if (name === "id") return String(incidentId);
    throw new Error(`dashboard route ${route} has a parameter [${name}] this test does not know: add a value for it`);
  });
}

const privateRoutes = () =>
  Object.entries(routes)
    .filter(([source]) => source.startsWith("/(dashboard)/dashboard"))
    .map(([, route]) => concrete(route))
    .concat(["/dashboard/monitors/nightly-backup"]);
const privateActions = () => actions.filter((a) => a.filename.startsWith("app/(dashboard)/") && !PUBLIC_ACTIONS.has(a.exportedName));

function expectNoMarkers(body: string, what: string) {
  for (const marker of MARKERS) expect(body, `${what} contains "${marker}"`).not.toContain(marker);
  if (pushToken) expect(body, `${what} contains the heartbeat push token`).not.toContain(pushToken);
}

const isSignInRedirect = (res: Response) =>
  ([302, 303, 307, 308].includes(res.status) && /^\/(login|setup)\b/.test(new URL(res.headers.get("location") ?? "", app.base).pathname)) ||
  /^\/(login|setup)\b/.test(res.headers.get("x-action-redirect") ?? "") ||
  res.status === 401 ||
  res.status === 403;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  app = await startApp({ name: "access", config });
  db = createClient({ url: app.dbUrl });
  // First-run setup through the real form action; the answer carries the session cookie.
  const res = await formPost("/setup", actionId("setupAction"), { email: EMAIL, password: PASSWORD, confirm: PASSWORD });
  expect(res.status).toBe(303);
  cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  expect(cookie).toMatch(/^status_session=.+/);
  const created = await formPost("/dashboard/incidents/new", actionId("createIncidentAction"), {
    kind: "incident",
    title: INCIDENT_TITLE,
    status: "investigating",
    impact: "minor",
    body: "Replicas of the payroll ledger stopped applying changes.",
  }, { cookie });
  expect(created.status).toBe(303);
  incidentId = Number(/\/dashboard\/incidents\/(\d+)/.exec(created.headers.get("location") ?? "")?.[1]);
  expect(incidentId).toBeGreaterThan(0);
  // A draft recurring maintenance of the private component (schedule #1, with its windows).
  const ledger = (await db.execute("SELECT id FROM components WHERE key = 'ledger'")).rows[0].id;
  const schedule = await formPost("/dashboard/maintenance/new?kind=schedule", actionId("createScheduleAction"), {
    ...SCHEDULE_FIELDS, title: SCHEDULE_TITLE, component: String(ledger),
  }, { cookie });
  expect(schedule.status).toBe(303);
  expect(Number((await db.execute("SELECT count(*) AS n FROM maintenance_occurrences WHERE schedule_id = 1")).rows[0].n)).toBeGreaterThan(0);
  pushToken = String((await db.execute("SELECT token FROM heartbeat_tokens")).rows[0]?.token ?? "");
  await db.execute({ sql: "INSERT INTO subscribers (kind, address, token, all_components, created_at) VALUES ('email', ?, ?, 1, ?)", args: [SUBSCRIBER_ADDRESS, "s".repeat(43), Date.now()] });
  await db.execute({ sql: "INSERT INTO probe_tokens (region, token_hash, created_at) VALUES ('eu-remote', ?, ?)", args: ["0".repeat(64), Date.now()] });
  expect(pushToken.length).toBeGreaterThan(20);
  // An open invitation (admin-only data), and a viewer (the same password; users.spec.ts walks the invite flow itself).
  expect((await formPost("/dashboard/users", actionId("inviteUserAction"), { email: "invitee@access.test", role: "editor" }, { cookie })).status).toBe(303);
  await db.execute({ sql: "INSERT INTO users (email, password_hash, role, created_at) SELECT ?, password_hash, 'viewer', 0 FROM users WHERE email = ?", args: [VIEWER_EMAIL, EMAIL] });
  const signedIn = await formPost("/login", actionId("loginAction"), { email: VIEWER_EMAIL, password: PASSWORD });
  expect(signedIn.status).toBe(303);
  viewerCookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0];
  expect(viewerCookie).toMatch(/^status_session=.+/);
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
});

test("signed in, the dashboard shows every private marker (so their absence below means something)", async () => {
  const seen = new Set<string>();
  for (const path of privateRoutes()) {
    const res = await fetch(app.base + path, { headers: { cookie }, redirect: "manual" });
    const body = await res.text();
    for (const m of [...MARKERS, pushToken]) if (body.includes(m)) seen.add(m);
  }
  expect([...MARKERS, pushToken].filter((m) => !seen.has(m))).toEqual([]);
});

test("no dashboard route in the build answers without a session, or with a forged one", async () => {
  const walked = privateRoutes();
  expect(walked.length).toBeGreaterThanOrEqual(7);
  for (const path of walked) {
    for (const headers of [{}, { cookie: "status_session=forged-token-value" }] as Record<string, string>[]) {
      const res = await fetch(app.base + path, { headers, redirect: "manual" });
      const body = await res.text();
      expect(isSignInRedirect(res), `${path} ${JSON.stringify(headers)}: status ${res.status}`).toBe(true);
      expectNoMarkers(body, `${path} ${JSON.stringify(headers)}`);
    }
  }
});

test("no dashboard server action in the build runs without a session, in either calling mode", async () => {
  const list = privateActions();
  expect(list.map((a) => a.exportedName)).toEqual(
    expect.arrayContaining(["createIncidentAction", "postUpdateAction", "acknowledgeAlertAction", "createMonitorAction", "pauseMonitorAction", "archiveMonitorAction", "scheduleWindowAction", "endWindowAction", "createScheduleAction", "updateScheduleAction", "archiveScheduleAction", "createComponentAction", "archiveGroupAction"]),
  );
  // Manual ones only: payroll-sync goes down while the walk runs, and its automatic incident is the product's, not a caller's.
  const MANUAL_INCIDENTS = "SELECT count(*) AS n FROM incidents WHERE source = 'manual'";
  const MANUAL_UPDATES = "SELECT count(*) AS n FROM incident_updates WHERE incident_id IN (SELECT id FROM incidents WHERE source = 'manual')";
  const before = (await db.execute(MANUAL_INCIDENTS)).rows[0].n;
  const updatesBefore = (await db.execute(MANUAL_UPDATES)).rows[0].n;
  // Fields that would change something if the action ran.
  const fields = {
    // The maintenance actions: schedule a window or a schedule, end a window, change or archive schedule #1.
    ...SCHEDULE_FIELDS, start: SOON_START, end: SOON_END,
    kind: "incident", title: "Injected by an anonymous caller", status: "resolved", impact: "critical", body: "anonymous", incidentId: String(incidentId), id: String(incidentId), targetId: String(incidentId), alertId: "1", published: "on",
    // The monitor actions: pause, archive or rewrite a monitor, or create one.
    key: "payroll-sync", type: "http", name: "Injected monitor", url: "http://127.0.0.1:9/", pause: "pause", confirm: "on",
    // Subscribers, probe tokens, regions: remove subscriber 1, revoke token 1, make a token or a region.
    region: "injected-region",
  };
  const schedulesBefore = (await db.execute("SELECT id, title, cron, updated_at, archived_at FROM maintenance_schedules")).rows;
  const monitorsBefore = (await db.execute("SELECT key, name, paused_at, archived_at, config_hash FROM monitors ORDER BY key")).rows;
  const peopleBefore = JSON.stringify(await Promise.all(PEOPLE_STATE.map(async (q) => (await db.execute(q)).rows)));
  for (const a of list) {
    for (const call of [formPost, actionCall]) {
      for (const headers of [{}, { cookie: "status_session=forged-token-value" }] as Record<string, string>[]) {
        const res = await call(a.page, a.id, fields, headers);
        const body = await res.text();
        const what = `${a.exportedName} (${call.name}) ${JSON.stringify(headers)}`;
        expect(isSignInRedirect(res), `${what}: status ${res.status}, x-action-redirect ${res.headers.get("x-action-redirect")}`).toBe(true);
        expectNoMarkers(body, what);
      }
    }
  }
  expect((await db.execute("SELECT key, name, paused_at, archived_at, config_hash FROM monitors ORDER BY key")).rows).toEqual(monitorsBefore);
  expect((await db.execute("SELECT id, title, cron, updated_at, archived_at FROM maintenance_schedules")).rows).toEqual(schedulesBefore);
  expect(JSON.stringify(await Promise.all(PEOPLE_STATE.map(async (q) => (await db.execute(q)).rows)))).toBe(peopleBefore);
  expect((await db.execute(MANUAL_INCIDENTS)).rows[0].n).toBe(before);
  expect((await db.execute(MANUAL_UPDATES)).rows[0].n).toBe(updatesBefore);
  const incident = (await db.execute({ sql: "SELECT status, published FROM incidents WHERE id = ?", args: [incidentId] })).rows[0];
  expect(incident.status).toBe("investigating");
});

/** Forms in a page's HTML by the action they post to (server-action forms carry its id). */
function formActions(html: string): string[] {
  const ids = [...html.matchAll(/\$ACTION_ID_([0-9a-f]+)/g)].map((m) => m[1]);
  // useActionState forms name their action in $ACTION_REF/$ACTION_KEY fields instead: count <form> tags too
  // (not GET forms: search, filters and range pickers only read).
  const forms = (html.match(/<form\b(?![^>]*\bmethod="get")/gi) ?? []).length;
  return [...ids.map((id) => actions.find((a) => a.id === id)?.exportedName ?? id), ...Array.from({ length: Math.max(0, forms - ids.length) }, () => "(bound form)")];
}

test("a viewer reads the dashboard but sees no mutating control, and admin pages answer 403 with no admin data", async () => {
  for (const path of privateRoutes()) {
    const res = await fetch(app.base + path, { headers: { cookie: viewerCookie }, redirect: "manual" });
    const body = await res.text();
    if (VIEWER_FORBIDDEN_PAGES.has(path)) {
      expect(res.status, path).toBe(403);
      for (const m of ADMIN_MARKERS) expect(body.includes(m), `${path} as a viewer contains ${m}`).toBe(false);
      // A page says so; a route handler (the subscribers export) answers a bare 403.
      if ((res.headers.get("content-type") ?? "").includes("text/html")) expect(body).toContain("Not allowed");
      continue;
    }
    // A route handler may have nothing to show (a monitor without a failure screenshot).
    if (res.status === 404 && path.endsWith("/screenshot")) continue;
    // The checks export names a monitor: without one it goes back to the reports page with the reason.
    if (res.status === 303 && path === "/dashboard/reports/checks") {
      expect(res.headers.get("location"), path).toMatch(/^\/dashboard\/reports\?/);
      continue;
    }
    expect(res.status, path).toBe(200);
    // The audit log is for every signed-in user (it names who was invited, as it names every change).
    if (path !== "/dashboard/audit") for (const m of ADMIN_MARKERS) expect(body.includes(m), `${path} as a viewer contains ${m}`).toBe(false);
    expect(body.includes("Open an incident"), path).toBe(false);
    expect(/>(Acknowledge|Publish|Unpublish|Post update|Save changes|Merge|Send invitation|Remove|Cancel|Complete now|Archive|Edit|Schedule a window|Dismiss selected|Resolve selected|Preview|Publish postmortem|Save draft|Use template)</.exec(body)?.[0], path).toBeUndefined();
    const forms = formActions(body);
    if (path === "/dashboard/account") {
      // Only their own account: sign out, set up two-factor sign-in, change password.
      expect(forms.length, `${path}: ${forms}`).toBe(3);
    } else if (!(res.headers.get("content-type") ?? "").includes("text/html")) {
      // A route handler's JSON or file: no page, no controls at all.
      expect(forms, `${path} as a viewer`).toEqual([]);
    } else if (path === "/dashboard/api-keys") {
      // Only their own keys (none yet): sign out, create a key (a viewer's key can only read).
      expect(forms, `${path} as a viewer`).toEqual(["logoutAction", "(bound form)"]);
    } else {
      expect(forms, `${path} as a viewer`).toEqual(["logoutAction"]);
    }
  }
  // The navigation offers no Users page to a viewer.
  const overview = await (await fetch(app.base + "/dashboard", { headers: { cookie: viewerCookie } })).text();
  expect(overview).not.toContain('href="/dashboard/users"');
  expect(overview).not.toContain('href="/dashboard/config"');
  expect(overview).toContain('href="/dashboard/audit"');
});

test("every mutating server action in the build answers a viewer 403, in either calling mode, and changes nothing", async () => {
  const list = privateActions().filter((a) => !OWN_ACCOUNT_ACTIONS.has(a.exportedName));
  expect(list.map((a) => a.exportedName)).toEqual(
    expect.arrayContaining(["createIncidentAction", "acknowledgeAlertAction", "inviteUserAction", "changeRoleAction", "removeUserAction", "revokeInviteAction", "createScheduleAction", "archiveScheduleAction", "endWindowAction", "updateComponentAction", "createGroupAction", "removeSubscriberAction", "createProbeTokenAction", "revokeProbeTokenAction", "addRegionAction", "closeDraftsAction", "postmortemAction", "previewMarkdownAction", "createTemplateAction", "deleteTemplateAction"]),
  );
  const snapshot = async () =>
    JSON.stringify(
      await Promise.all(
        ["SELECT id, status, published, title FROM incidents WHERE source = 'manual'", "SELECT count(*) AS n FROM incident_updates WHERE incident_id IN (SELECT id FROM incidents WHERE source = 'manual')", "SELECT key, name, config_hash, archived_at FROM notification_channels", "SELECT key, name, config_hash, archived_at FROM escalation_policies", "SELECT id, email, role FROM users ORDER BY id", "SELECT id, email, role FROM user_invites", "SELECT count(*) AS n FROM audit_log WHERE actor_user_id IS NOT NULL", "SELECT id, acknowledged_at FROM alerts WHERE acknowledged_at IS NOT NULL", "SELECT id, title, cron, updated_at, archived_at FROM maintenance_schedules", "SELECT key, name, archived_at FROM components", "SELECT key, name, archived_at FROM component_groups", ...PEOPLE_STATE].map(
          async (q) => (await db.execute(q)).rows,
        ),
      ),
    );
  const before = await snapshot();
  const owner = (await db.execute({ sql: "SELECT id FROM users WHERE email = ?", args: [EMAIL] })).rows[0].id;
  const invite = (await db.execute("SELECT id FROM user_invites LIMIT 1")).rows[0].id;
  const fields = { ...SCHEDULE_FIELDS, start: SOON_START, end: SOON_END, kind: "incident", title: "Injected by a viewer", status: "resolved", impact: "critical", body: "viewer", id: String(incidentId), alertId: "1", published: "1", email: "intruder@access.test", role: "admin", userId: String(owner), inviteId: String(invite), confirm: "on", region: "viewer-region", name: "viewer-region" };
  for (const a of list) {
    for (const call of [formPost, actionCall]) {
      const res = await call(a.page, a.id, fields, { cookie: viewerCookie });
      const body = await res.text();
      const what = `${a.exportedName} (${call.name}) as a viewer`;
      expect(res.status, what).toBe(403);
      for (const m of ADMIN_MARKERS) expect(body.includes(m), `${what} contains ${m}`).toBe(false);
    }
  }
  expect(await snapshot()).toBe(before);
});

test("the configuration export: no YAML without a session or to a viewer; an admin gets an attachment without channel secrets, audited", async () => {
  const path = "/dashboard/config/export.yaml";
  const anonymous = await fetch(app.base + path, { redirect: "manual" });
  const anonymousBody = await anonymous.text();
  expect(isSignInRedirect(anonymous), `status ${anonymous.status}`).toBe(true);
  expect(anonymousBody).not.toContain("monitors:");
  expectNoMarkers(anonymousBody, "export without a session");

  const viewer = await fetch(app.base + path, { headers: { cookie: viewerCookie }, redirect: "manual" });
  const viewerBody = await viewer.text();
  expect(viewer.status).toBe(403);
  expect(viewerBody).not.toContain("monitors:");
  expectNoMarkers(viewerBody, "export as a viewer");

  const audited = async () => Number((await db.execute("SELECT count(*) AS n FROM audit_log WHERE action = 'config.export'")).rows[0].n);
  const before = await audited();
  const admin = await fetch(app.base + path, { headers: { cookie }, redirect: "manual" });
  const yaml = await admin.text();
  expect(admin.status).toBe(200);
  expect(admin.headers.get("content-disposition")).toBe('attachment; filename="status.config.yaml"');
  expect(admin.headers.get("content-type")).toContain("application/yaml");
  expect(yaml).toContain("key: payroll-sync");
  expect(yaml).toContain('secret: "${CHANNEL_OPS_HOOK_SECRET}"');
  expect(yaml).not.toContain(CHANNEL_SECRET);
  expect(await audited()).toBe(before + 1);
  const [entry] = (await db.execute("SELECT actor, after FROM audit_log WHERE action = 'config.export' ORDER BY id DESC LIMIT 1")).rows;
  expect(entry.actor).toBe(EMAIL);
  expect(String(entry.after)).not.toContain("payroll");
});

test("signing in returns to the page that asked for it, on this site only", async () => {
  const target = "/dashboard/monitors/payroll-sync";
  const res = await fetch(app.base + target, { redirect: "manual" });
  expect(res.status).toBe(307);
  const login = new URL(res.headers.get("location") ?? "", app.base);
  expect(login.pathname).toBe("/login");
  expect(login.searchParams.get("next")).toBe(target);
  // The form carries it through a wrong password, then back to the page.
  const page = await (await fetch(`${app.base}/login?next=${encodeURIComponent(target)}`)).text();
  expect(page).toContain(`name="next" value="${target}"`);
  const signIn = (password: string, next: string) =>
    formPost("/login", actionId("loginAction"), { email: EMAIL, password, next });
  const wrong = await signIn("not the password", target);
  expect(wrong.status).toBe(303);
  expect(new URL(wrong.headers.get("location") ?? "", app.base).searchParams.get("next")).toBe(target);
  const ok = await signIn(PASSWORD, target);
  expect(ok.headers.get("location")).toBe(target);
  for (const evil of ["//evil.example/dashboard", "https://evil.example/dashboard", "/\\evil.example"]) {
    expect((await signIn(PASSWORD, evil)).headers.get("location"), evil).toBe("/dashboard");
  }
  const evilPage = await (await fetch(`${app.base}/login?next=${encodeURIComponent("//evil.example")}`)).text();
  expect(evilPage).not.toContain(`name="next"`);
});

test("without SMTP, /subscribe offers no email and says why, the API refuses it, and the dashboard tells the admin", async () => {
  const page = await (await fetch(`${app.base}/subscribe`)).text();
  const emailChoice = /<input[^>]*value="email"[^>]*>/.exec(page)?.[0] ?? "";
  expect(emailChoice).toContain('disabled=""');
  expect(page).toContain('data-testid="email-unavailable"');
  const res = await fetch(`${app.base}/api/subscribe`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "reader@example.com", all: true }) });
  expect(res.status).toBe(503);
  expect(((await res.json()) as { error: string }).error).toMatch(/Subscribe by webhook, or follow the RSS or Atom feed/);
  expect((await db.execute("SELECT count(*) AS n FROM subscribers WHERE address = 'reader@example.com'")).rows[0].n).toBe(0);
  const dashboard = await (await fetch(`${app.base}/dashboard`, { headers: { cookie } })).text();
  expect(dashboard).toContain('data-testid="smtp-missing"');
  expect(dashboard).toContain("Set SMTP_URL");
});

test("on a 375 px phone an open alert's Acknowledge button is on screen and works; long errors wrap at 1280 px", async ({ browser }) => {
  const monitorId = (await db.execute("SELECT id FROM monitors WHERE key = 'nightly-backup'")).rows[0].id;
  const reason = `missed heartbeat: no push for 1h 0m; last error ${"ECONNREFUSED-".repeat(12)}connect 10.20.30.40:5432 timed out after 10000 ms`;
  await db.execute({
    sql: "INSERT INTO alerts (kind, monitor_id, title, reason, opened_at, next_step, reminders) VALUES ('monitor_down', ?, 'Nightly backup is down', ?, ?, 0, 0)",
    args: [monitorId, reason, Date.now()],
  });
  const [name, value] = cookie.split("=");
  for (const [width, height] of [[1280, 900], [375, 800]]) {
    const context = await browser.newContext({ viewport: { width, height } });
    await context.addCookies([{ name, value, url: app.base }]);
    const page = await context.newPage();
    await page.goto(`${app.base}/dashboard`);
    const button = page.getByRole("button", { name: "Acknowledge: Nightly backup is down" });
    await expect(button).toBeVisible();
    const box = (await button.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, `Acknowledge at ${width} px`).toBeLessThanOrEqual(width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `page overflow at ${width} px`).toBe(0);
    await page.screenshot({ path: test.info().outputPath(`dashboard-alert-${width}.png`), fullPage: true });
    if (width === 375) {
      await button.click();
      await expect(page.getByText("Acknowledged by owner@access.test")).toBeVisible();
    }
    await context.close();
  }
});

/** The REST API's routes in the build (the document and its reference page are public, without data). */
const apiRoutes = () =>
  Object.values(routes)
    .filter((route) => route.startsWith("/api/v1/"))
    .map((route) => ({
      route,
      path: route.replace(/\[([^\]]+)\]/g, (_m, name: string) => {
        if (name === "key") return route.startsWith("/api/v1/components") ? "ledger" : "payroll-sync";
        if (name === "id") return route.startsWith("/api/v1/incidents") ? String(incidentId) : "1";
        throw new Error(`API route ${route} has a parameter [${name}] this test does not know: add a value for it`);
      }),
    }));
const PUBLIC_API = new Set(["/api/v1/openapi.json", "/api/v1/docs"]);
/** Reads a viewer may not make: subscriber addresses (editors and admins) and probe tokens (admins). */
const VIEWER_FORBIDDEN_API = new Set(["/api/v1/subscribers", "/api/v1/subscribers/export", "/api/v1/probe-tokens"]);

test("no /api/v1 route answers without a valid key; a viewer's key reads but changes nothing and sees no secret", async () => {
  const list = apiRoutes();
  expect(list.length).toBeGreaterThanOrEqual(15);
  // A viewer's write key (the viewer signed in above; only its hash is stored, as the dashboard stores one).
  await db.execute({ sql: "INSERT OR IGNORE INTO users (email, password_hash, role, created_at) VALUES ('viewer@access.test', 'scrypt$unused', 'viewer', ?)", args: [Date.now()] });
  const viewerKey = `sm_${randomBytes(9).toString("base64url")}_${randomBytes(32).toString("base64url")}`;
  await db.execute({
    sql: "INSERT INTO api_keys (id, user_id, name, scope, secret_hash, created_at) SELECT ?, id, 'viewer key', 'write', ?, ? FROM users WHERE email = 'viewer@access.test'",
    args: [viewerKey.slice(3, 15), createHash("sha256").update(viewerKey).digest("hex"), Date.now()],
  });
  const before = (await db.execute("SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM incident_updates) + (SELECT count(*) FROM audit_log) AS n")).rows[0].n;
  const body = JSON.stringify({ title: "Injected", status: "resolved", impact: "critical", body: "x", published: true, scheduledFor: "2099-01-01T10:00", scheduledUntil: "2099-01-01T11:00" });
  for (const { route, path } of list) {
    for (const method of ["GET", "POST", "PATCH", "DELETE"]) {
      for (const authorization of [undefined, "Bearer sm_forgedforged_" + "x".repeat(43), `Bearer ${viewerKey}`]) {
        const res = await fetch(app.base + path, { method, headers: { "content-type": "application/json", ...(authorization ? { authorization } : {}) }, body: method === "GET" ? undefined : body, redirect: "manual" });
        const text = await res.text();
        const what = `${method} ${path} ${authorization ? authorization.slice(0, 12) : "no key"}: ${res.status}`;
        if (res.status === 405) continue;
        if (PUBLIC_API.has(route)) {
          expect(res.status, what).toBe(200);
          expectNoMarkers(text, what);
        } else if (authorization !== `Bearer ${viewerKey}`) {
          expect(res.status, what).toBe(401);
          expectNoMarkers(text, what);
        } else if (method === "GET" && !VIEWER_FORBIDDEN_API.has(route)) {
          expect([200, 404], what).toContain(res.status);
          for (const secret of [SECRET_QUERY, CHANNEL_PATH, CHANNEL_SECRET, pushToken, viewerKey, SUBSCRIBER_ADDRESS]) expect(text, what).not.toContain(secret);
        } else {
          expect([403, 404], what).toContain(res.status);
          expectNoMarkers(text, what);
        }
      }
    }
  }
  expect((await db.execute("SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM incident_updates) + (SELECT count(*) FROM audit_log) AS n")).rows[0].n).toBe(before);
});
