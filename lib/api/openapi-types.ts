/* Generated from the OpenAPI document by openapi-typescript (npm run api:types): do not edit. */
export interface paths {
    "/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List incidents or maintenance
         * @description Open ones first (newest first; maintenance soonest first), then closed ones newest first. Merged incidents are left out.
         *
         *     Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listIncidents"];
        put?: never;
        /**
         * Open an incident
         * @description Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["createIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One incident or maintenance with its timeline
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["getIncident"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change title, impact, affected components or a maintenance window
         * @description Needs a key with the write scope whose user has the editor role or higher.
         */
        patch: operations["editIncident"];
        trace?: never;
    };
    "/incidents/{id}/updates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Post a timeline update (and move the status)
         * @description Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["postIncidentUpdate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incidents/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Show or hide it on the public status page
         * @description Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["publishIncident"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incidents/{id}/postmortem": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Write or publish the postmortem of a resolved incident
         * @description Markdown. publish: true publishes it (the first time, subscribers of a published incident are told once); later saves edit the published text.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["savePostmortem"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/incidents/close-drafts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve or dismiss automatic drafts in bulk
         * @description mode resolve closes them; dismiss also marks them as no incident, never to be published. Each gets a timeline entry with the note. Ids that are no longer open automatic drafts are skipped.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["closeDrafts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Maintenance windows in progress and ahead
         * @description Soonest first, one-off and recurring alike (at most 200). Completed windows are in /incidents?kind=maintenance.
         *
         *     Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listMaintenance"];
        put?: never;
        /**
         * Schedule a one-off maintenance window
         * @description Times are ISO 8601 with an offset (2026-11-26T14:00:00+01:00) or epoch milliseconds; a local time without an offset (2026-11-26T14:00) is read in timeZone, UTC when none is sent. Within a day in the past and two years ahead, at most 7 days long.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["scheduleMaintenance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End a window now
         * @description A window that has not started is cancelled; one in progress completes early. Either way it is completed now, with a timeline note.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["cancelMaintenance"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance-schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Recurring maintenance schedules
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listMaintenanceSchedules"];
        put?: never;
        /**
         * Create a recurring schedule
         * @description Its occurrences become maintenance windows 14 days ahead (at least the next one).
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["createMaintenanceSchedule"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/maintenance-schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Archive a schedule
         * @description Its occurrences that have not started are removed; past and running ones stay.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        delete: operations["archiveMaintenanceSchedule"];
        options?: never;
        head?: never;
        /**
         * Change a schedule
         * @description Fields left out keep their values. Occurrences that have not started are replaced; past and running ones stay.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        patch: operations["updateMaintenanceSchedule"];
        trace?: never;
    };
    "/components": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List components in page order (private ones included)
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listComponents"];
        put?: never;
        /**
         * Create a component
         * @description The fields of a component in status.config.yaml, plus `order`. A key a live component holds is a 409; an archived component's key is taken over with its history.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["createComponent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/components/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One component
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["getComponent"];
        put?: never;
        post?: never;
        /**
         * Archive a component
         * @description It leaves the pages; its incidents keep naming it and its key may be used again. 409 while live monitors point to it (the message names them). An entry declared in status.config.yaml (origin config) is read-only here: 409, change it in the file.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        delete: operations["archiveComponent"];
        options?: never;
        head?: never;
        /**
         * Change a component
         * @description Fields left out keep their value; `group: null` takes it out of its group. The key does not change. An entry declared in status.config.yaml (origin config) is read-only here: 409, change it in the file.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        patch: operations["updateComponent"];
        trace?: never;
    };
    "/components/{key}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Uptime and latency of a component's monitors together over a range
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["getComponentStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/component-groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List component groups in page order
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listComponentGroups"];
        put?: never;
        /**
         * Create a component group
         * @description The fields of a group in status.config.yaml, plus `order`. Keys as for components.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["createComponentGroup"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/component-groups/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Archive a component group
         * @description 409 while it holds live components (the message names them): move them out or archive them first. An entry declared in status.config.yaml (origin config) is read-only here: 409, change it in the file.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        delete: operations["archiveComponentGroup"];
        options?: never;
        head?: never;
        /**
         * Rename or move a component group
         * @description An entry declared in status.config.yaml (origin config) is read-only here: 409, change it in the file.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        patch: operations["updateComponentGroup"];
        trace?: never;
    };
    "/monitors": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List active monitors with their state and uptime over 24h, 7d and 30d
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listMonitors"];
        put?: never;
        /**
         * Create a monitor of any check type from a config-file entry
         * @description Validated by the config file's schema, with the same messages; component and escalation name keys that exist. The key of an archived monitor is taken over with its history.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["createMonitor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitors/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One monitor with its state, uptime and recent state changes
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["getMonitor"];
        put?: never;
        post?: never;
        /**
         * Archive a monitor: no longer checked or shown, its history kept
         * @description A monitor declared in the config file answers 409: remove it from the file.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        delete: operations["archiveMonitor"];
        options?: never;
        head?: never;
        /**
         * Change a monitor's settings (not one declared in status.config.yaml)
         * @description A monitor declared in the config file answers 409: change it in the file.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        patch: operations["updateMonitor"];
        trace?: never;
    };
    "/monitors/{key}/results": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Raw check results of a monitor, newest first
         * @description Results started between from (default 24 hours ago) and to (default now), at most 14 days apart (raw results are kept 14 days). Each page reads a bounded slice of the result log (20000 rows), so a page may hold fewer items than asked and still have a next_cursor: follow it until it is null.
         *
         *     Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listMonitorResults"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitors/{key}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Uptime and latency of a monitor over a range
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["getMonitorStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitors/{key}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a monitor: not checked, no alerts, its time left out of uptime
         * @description Allowed for monitors declared in the config file too (a pause is not config). Pausing a paused monitor changes nothing.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["pauseMonitor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/monitors/{key}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resume a paused monitor: checked again from no data
         * @description Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["resumeMonitor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/sla": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * SLA per monitor and per component over a month or a range of days
         * @description A calendar month (UTC; default the last full month) or from and to (whole UTC days, both included, at most 400 days).
         *
         *     Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["getSlaReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List or search subscribers, newest first (editors and admins)
         * @description Needs a key with the read scope whose user has the editor role or higher.
         */
        get: operations["listSubscribers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/subscribers/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a subscriber and its address (editors and admins)
         * @description Needs a key with the write scope whose user has the editor role or higher.
         */
        delete: operations["removeSubscriber"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/subscribers/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many subscribers there are, by state and by kind (any role: no addresses)
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["subscriberCounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/subscribers/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Every subscriber matching the filter in one answer, recorded in the audit log (editors and admins)
         * @description The JSON form of the dashboard's export (which also offers CSV). Component keys instead of ids; each call writes a `subscriber.export` audit entry with the filter and row count, never an address.
         *
         *     Needs a key with the read scope whose user has the editor role or higher.
         */
        get: operations["exportSubscribers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/regions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Probe regions by name, with their last report and whether they are silent
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listRegions"];
        put?: never;
        /**
         * Add a probe region ahead of its probe (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        post: operations["createRegion"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/probe-tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Push-mode probe tokens, newest first, revoked ones included (admins; never the token itself)
         * @description Needs a key with the read scope whose user has the admin role or higher.
         */
        get: operations["listProbeTokens"];
        put?: never;
        /**
         * Create a token for a region's remote probe; the answer is the only time the token is shown (admins)
         * @description Run the probe with it: `PROBE_TOKEN=pt_… npm run worker -- --role probe --region <region> --hub <this app's URL>`. The region is added if it is new.
         *
         *     Needs a key with the write scope whose user has the admin role or higher.
         */
        post: operations["createProbeToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/probe-tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke a probe token: its next push is refused (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        delete: operations["revokeProbeToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who changed what, newest first
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listAudit"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's own API keys, newest first
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listApiKeys"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke one of the caller's own API keys (it may be the one calling)
         * @description Needs a key with the write scope whose user has the viewer role or higher.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List alert channels, secrets masked
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listChannels"];
        put?: never;
        /**
         * Create an alert channel (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        post: operations["createChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/channels/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One alert channel, secrets masked
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["getChannel"];
        put?: never;
        post?: never;
        /**
         * Archive an alert channel no escalation policy uses (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        delete: operations["archiveChannel"];
        options?: never;
        head?: never;
        /**
         * Change an alert channel made in the dashboard or API (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        patch: operations["updateChannel"];
        trace?: never;
    };
    "/channels/{key}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test message to a channel now and answer how it went (editors; 5 a minute per user)
         * @description The delivery runs while you wait, bounded by 10 s. A failed delivery is still a 200 answer, with ok false and the error in detail.
         *
         *     Needs a key with the write scope whose user has the editor role or higher.
         */
        post: operations["testChannel"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/escalation-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List escalation policies
         * @description Needs a key with the read scope whose user has the viewer role or higher.
         */
        get: operations["listEscalationPolicies"];
        put?: never;
        /**
         * Create an escalation policy (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        post: operations["createEscalationPolicy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/escalation-policies/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Archive an escalation policy no monitor follows (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        delete: operations["archiveEscalationPolicy"];
        options?: never;
        head?: never;
        /**
         * Change an escalation policy made in the dashboard or API (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        patch: operations["updateEscalationPolicy"];
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Every error answer: a code, what to change in words, and messages by field for 422. */
        Error: {
            error: {
                /** @enum {string} */
                code: "invalid_input" | "not_found" | "conflict" | "gone" | "rate_limited" | "unauthorized" | "forbidden" | "unavailable" | "internal";
                /** @description What to change, in words. */
                message: string;
                /** @description Messages by input field (dotted for nested fields), for 422. */
                fields?: {
                    [key: string]: string[];
                };
            };
        };
    };
    responses: {
        /** @description No API key, or one that is unknown, revoked or expired. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The key's scope (read) or its user's role does not allow this. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description There is no such thing. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Its state does not allow this change (closed, merged, already revoked). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The input is not valid: `fields` names each field's problems. */
        InvalidInput: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is too large (the limit is in the message). */
        TooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The body is not JSON (send Content-Type: application/json). */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Too many requests with this key: wait Retry-After seconds. */
        RateLimited: {
            headers: {
                /** @description Seconds to wait. */
                "Retry-After"?: number;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    listIncidents: {
        parameters: {
            query?: {
                kind?: "incident" | "maintenance";
                /** @description `next_cursor` of the previous page; absent for the first page. */
                cursor?: string;
                /** @description Items per page, 1 to 200. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            title: string;
                            /** @enum {string} */
                            kind: "incident" | "maintenance";
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @enum {string} */
                            impact: "none" | "minor" | "major" | "critical";
                            /**
                             * @description auto: opened by a monitor; manual: by the team.
                             * @enum {string}
                             */
                            source: "auto" | "manual";
                            /** @description Shown on the public status page. */
                            published: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            startedAt: string;
                            resolvedAt: string | null;
                            /** @description Maintenance: the window's start. */
                            scheduledFor: string | null;
                            /** @description Maintenance: the window's end. */
                            scheduledUntil: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            updatedAt: string;
                            /** @description Names of the affected components. */
                            components: string[];
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        next_cursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createIncident: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    /** @enum {string} */
                    status: "investigating" | "identified" | "monitoring" | "resolved";
                    /** @enum {string} */
                    impact: "none" | "minor" | "major" | "critical";
                    /** @default [] */
                    componentImpacts?: {
                        componentId: number;
                        /** @enum {string} */
                        impact: "degraded_performance" | "partial_outage" | "major_outage";
                    }[];
                    body: string;
                    /** @default false */
                    published?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    getIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    editIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    /** @enum {string} */
                    impact?: "none" | "minor" | "major" | "critical";
                    componentImpacts?: {
                        componentId: number;
                        /** @enum {string} */
                        impact: "degraded_performance" | "partial_outage" | "major_outage";
                    }[];
                    scheduledFor?: number | string;
                    scheduledUntil?: number | string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    postIncidentUpdate: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @enum {string} */
                    status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                    body: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    publishIncident: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    published: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    savePostmortem: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    body: string;
                    /** @default false */
                    publish?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    closeDrafts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    ids: number[];
                    /** @enum {string} */
                    mode: "resolve" | "dismiss";
                    /** @default  */
                    note?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        closed: number[];
                        skipped: number[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listMaintenance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description The maintenance incident's id (see /incidents/{id}). */
                            id: number;
                            title: string;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /**
                             * @description By status, and by the window while the coordinator catches up.
                             * @enum {string}
                             */
                            phase: "upcoming" | "active" | "completed";
                            published: boolean;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            scheduledFor: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            scheduledUntil: string;
                            /** @description Names of the components under maintenance. */
                            components: string[];
                            /** @description The recurring schedule it is an occurrence of; null for a one-off window. */
                            scheduleId: number | null;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    scheduleMaintenance: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    body: string;
                    /** @default [] */
                    componentIds?: number[];
                    /** @description Start: ISO 8601 with an offset (2026-11-26T14:00:00+01:00), epoch ms, or a local 2026-11-26T14:00 read in timeZone (UTC when none is sent). */
                    scheduledFor: number | string;
                    /** @description End, in the same forms as the start. */
                    scheduledUntil: number | string;
                    /** @default false */
                    published?: boolean;
                    /** @description IANA time zone of local times without an offset, like Europe/Berlin. */
                    timeZone?: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    cancelMaintenance: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @enum {string} */
                        kind: "incident" | "maintenance";
                        /** @enum {string} */
                        status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        /**
                         * @description auto: opened by a monitor; manual: by the team.
                         * @enum {string}
                         */
                        source: "auto" | "manual";
                        /** @description Shown on the public status page. */
                        published: boolean;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        startedAt: string;
                        resolvedAt: string | null;
                        /** @description Maintenance: the window's start. */
                        scheduledFor: string | null;
                        /** @description Maintenance: the window's end. */
                        scheduledUntil: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        /** @description The incident this automatic one was merged into. */
                        mergedInto: number | null;
                        /** @description Dismissed as no incident (an automatic draft): resolved, never published. */
                        dismissedAt: string | null;
                        /** @description Markdown; a draft until postmortemPublishedAt is set. */
                        postmortemBody: string | null;
                        postmortemUpdatedAt: string | null;
                        /** @description Shown on the public page and in /api/v2 from then on. */
                        postmortemPublishedAt: string | null;
                        /** @description Timeline, newest first. */
                        updates: {
                            id: number;
                            /** @enum {string} */
                            status: "investigating" | "identified" | "monitoring" | "resolved" | "scheduled" | "in_progress" | "verifying" | "completed";
                            /** @description Markdown. */
                            body: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        components: {
                            id: number;
                            name: string;
                            /** @enum {string} */
                            impact: "degraded_performance" | "partial_outage" | "major_outage";
                            isPublic: boolean;
                        }[];
                        mergedFrom: {
                            id: number;
                            title: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listMaintenanceSchedules: {
        parameters: {
            query?: {
                /** @description true: archived ones too. */
                archived?: "true" | "false";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            title: string;
                            /** @description Markdown: the first timeline entry of each occurrence. */
                            body: string;
                            componentIds: number[];
                            /** @enum {string} */
                            impact: "none" | "minor" | "major" | "critical";
                            recurrence: {
                                /** @enum {string} */
                                frequency: "daily" | "weekly" | "monthly";
                                /** @description Weekly: 0 = Sunday … 6 = Saturday. */
                                weekdays: number[];
                                /** @description Monthly: the day (months without it are skipped). */
                                dayOfMonth?: number;
                                /** @description HH:MM in timeZone. */
                                time: string;
                            };
                            /** @description The stored pattern, read in timeZone. */
                            cron: string;
                            /** @description IANA time zone. */
                            timeZone: string;
                            /** @description The recurrence in words. */
                            description: string;
                            durationMinutes: number;
                            /** @description First day occurrences may start (YYYY-MM-DD in timeZone). */
                            startDate: string;
                            /** @description Last day occurrences may start; null: for good. */
                            endDate: string | null;
                            /** @description Occurrences are shown on the public page. */
                            published: boolean;
                            /** @enum {string} */
                            origin: "ui";
                            nextOccurrence: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            updatedAt: string;
                            archivedAt: string | null;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createMaintenanceSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title: string;
                    body: string;
                    /** @default [] */
                    componentIds?: number[];
                    /**
                     * @default none
                     * @enum {string}
                     */
                    impact?: "none" | "minor" | "major" | "critical";
                    recurrence: {
                        /** @enum {string} */
                        frequency: "daily" | "weekly" | "monthly";
                        /** @default [] */
                        weekdays?: number[];
                        dayOfMonth?: number;
                        time: string;
                    };
                    timeZone: string;
                    durationMinutes: number;
                    startDate: string;
                    /** @default null */
                    endDate?: string | null;
                    /** @default false */
                    published?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @description Markdown: the first timeline entry of each occurrence. */
                        body: string;
                        componentIds: number[];
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        recurrence: {
                            /** @enum {string} */
                            frequency: "daily" | "weekly" | "monthly";
                            /** @description Weekly: 0 = Sunday … 6 = Saturday. */
                            weekdays: number[];
                            /** @description Monthly: the day (months without it are skipped). */
                            dayOfMonth?: number;
                            /** @description HH:MM in timeZone. */
                            time: string;
                        };
                        /** @description The stored pattern, read in timeZone. */
                        cron: string;
                        /** @description IANA time zone. */
                        timeZone: string;
                        /** @description The recurrence in words. */
                        description: string;
                        durationMinutes: number;
                        /** @description First day occurrences may start (YYYY-MM-DD in timeZone). */
                        startDate: string;
                        /** @description Last day occurrences may start; null: for good. */
                        endDate: string | null;
                        /** @description Occurrences are shown on the public page. */
                        published: boolean;
                        /** @enum {string} */
                        origin: "ui";
                        nextOccurrence: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        archivedAt: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    archiveMaintenanceSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @description Markdown: the first timeline entry of each occurrence. */
                        body: string;
                        componentIds: number[];
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        recurrence: {
                            /** @enum {string} */
                            frequency: "daily" | "weekly" | "monthly";
                            /** @description Weekly: 0 = Sunday … 6 = Saturday. */
                            weekdays: number[];
                            /** @description Monthly: the day (months without it are skipped). */
                            dayOfMonth?: number;
                            /** @description HH:MM in timeZone. */
                            time: string;
                        };
                        /** @description The stored pattern, read in timeZone. */
                        cron: string;
                        /** @description IANA time zone. */
                        timeZone: string;
                        /** @description The recurrence in words. */
                        description: string;
                        durationMinutes: number;
                        /** @description First day occurrences may start (YYYY-MM-DD in timeZone). */
                        startDate: string;
                        /** @description Last day occurrences may start; null: for good. */
                        endDate: string | null;
                        /** @description Occurrences are shown on the public page. */
                        published: boolean;
                        /** @enum {string} */
                        origin: "ui";
                        nextOccurrence: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        archivedAt: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateMaintenanceSchedule: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    title?: string;
                    body?: string;
                    componentIds?: number[];
                    /** @enum {string} */
                    impact?: "none" | "minor" | "major" | "critical";
                    recurrence?: {
                        /** @enum {string} */
                        frequency: "daily" | "weekly" | "monthly";
                        /** @default [] */
                        weekdays?: number[];
                        dayOfMonth?: number;
                        time: string;
                    };
                    timeZone?: string;
                    durationMinutes?: number;
                    startDate?: string;
                    endDate?: string | null;
                    published?: boolean;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        title: string;
                        /** @description Markdown: the first timeline entry of each occurrence. */
                        body: string;
                        componentIds: number[];
                        /** @enum {string} */
                        impact: "none" | "minor" | "major" | "critical";
                        recurrence: {
                            /** @enum {string} */
                            frequency: "daily" | "weekly" | "monthly";
                            /** @description Weekly: 0 = Sunday … 6 = Saturday. */
                            weekdays: number[];
                            /** @description Monthly: the day (months without it are skipped). */
                            dayOfMonth?: number;
                            /** @description HH:MM in timeZone. */
                            time: string;
                        };
                        /** @description The stored pattern, read in timeZone. */
                        cron: string;
                        /** @description IANA time zone. */
                        timeZone: string;
                        /** @description The recurrence in words. */
                        description: string;
                        durationMinutes: number;
                        /** @description First day occurrences may start (YYYY-MM-DD in timeZone). */
                        startDate: string;
                        /** @description Last day occurrences may start; null: for good. */
                        endDate: string | null;
                        /** @description Occurrences are shown on the public page. */
                        published: boolean;
                        /** @enum {string} */
                        origin: "ui";
                        nextOccurrence: string | null;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        createdAt: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        updatedAt: string;
                        archivedAt: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listComponents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            key: string;
                            name: string;
                            description: string | null;
                            /** @description The group's key. */
                            group: string | null;
                            isPublic: boolean;
                            /** @description A response-time line on the public page. */
                            showLatency: boolean;
                            /** @description Incidents its monitors open are published at once. */
                            publishIncidents: boolean;
                            displayOrder: number;
                            /**
                             * @description config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API.
                             * @enum {string}
                             */
                            origin: "config" | "ui";
                            /** @description Keys of its monitors. */
                            monitors: string[];
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createComponent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    name: string;
                    group?: string;
                    description?: string;
                    /** @default true */
                    public?: boolean;
                    /** @default true */
                    showLatency?: boolean;
                    /** @default false */
                    publishIncidents?: boolean;
                    /** @description Position on the page: lower comes first (the config file's entries are numbered 0, 1, 2… in file order). Left out: after the others. */
                    order?: number;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        description: string | null;
                        /** @description The group's key. */
                        group: string | null;
                        isPublic: boolean;
                        /** @description A response-time line on the public page. */
                        showLatency: boolean;
                        /** @description Incidents its monitors open are published at once. */
                        publishIncidents: boolean;
                        displayOrder: number;
                        /**
                         * @description config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description Keys of its monitors. */
                        monitors: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    getComponent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        description: string | null;
                        /** @description The group's key. */
                        group: string | null;
                        isPublic: boolean;
                        /** @description A response-time line on the public page. */
                        showLatency: boolean;
                        /** @description Incidents its monitors open are published at once. */
                        publishIncidents: boolean;
                        displayOrder: number;
                        /**
                         * @description config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description Keys of its monitors. */
                        monitors: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    archiveComponent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        /** @constant */
                        archived: true;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateComponent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    group?: string | null;
                    description?: string | null;
                    public?: boolean;
                    showLatency?: boolean;
                    publishIncidents?: boolean;
                    /** @description Position on the page: lower comes first (the config file's entries are numbered 0, 1, 2… in file order). Left out: after the others. */
                    order?: number;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        description: string | null;
                        /** @description The group's key. */
                        group: string | null;
                        isPublic: boolean;
                        /** @description A response-time line on the public page. */
                        showLatency: boolean;
                        /** @description Incidents its monitors open are published at once. */
                        publishIncidents: boolean;
                        displayOrder: number;
                        /**
                         * @description config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description Keys of its monitors. */
                        monitors: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    getComponentStats: {
        parameters: {
            query?: {
                /** @description A named range ending now. Default 24h unless from is given. */
                range?: "24h" | "7d" | "30d" | "90d";
                /** @description The span's start: ISO 8601 (UTC unless an offset is given) or epoch milliseconds. */
                from?: string;
                /** @description The span's end: ISO 8601 (UTC unless an offset is given) or epoch milliseconds. */
                to?: string;
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description Start of the first rollup bucket counted.
                         */
                        from: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        to: string;
                        /**
                         * @description Which rollups were summed. Spans up to 7 days within the hourly rollups' retention are hourly; longer ones (up to 400 days) daily.
                         * @enum {string}
                         */
                        bucket: "hourly" | "daily";
                        /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                        uptime: number | null;
                        downtimeMs: number;
                        /** @description Share of individual checks (all regions) that passed; null without checks. */
                        checksPassed: number | null;
                        checks: number;
                        p50Ms: number | null;
                        p95Ms: number | null;
                        p99Ms: number | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listComponentGroups: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            key: string;
                            name: string;
                            displayOrder: number;
                            /**
                             * @description config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API.
                             * @enum {string}
                             */
                            origin: "config" | "ui";
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createComponentGroup: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    name: string;
                    /** @description Position on the page: lower comes first (the config file's entries are numbered 0, 1, 2… in file order). Left out: after the others. */
                    order?: number;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        displayOrder: number;
                        /**
                         * @description config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    archiveComponentGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        /** @constant */
                        archived: true;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateComponentGroup: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name?: string;
                    /** @description Position on the page: lower comes first (the config file's entries are numbered 0, 1, 2… in file order). Left out: after the others. */
                    order?: number;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        displayOrder: number;
                        /**
                         * @description config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listMonitors: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            key: string;
                            name: string;
                            /** @enum {string} */
                            type: "http" | "tcp" | "dns" | "tls" | "browser" | "heartbeat";
                            /** @description The component's name. */
                            component: string | null;
                            isPublic: boolean;
                            intervalS: number;
                            /** @enum {string} */
                            status: "operational" | "degraded" | "down" | "no_data" | "paused";
                            since: string | null;
                            lastMessage: string | null;
                            lastResultAt: string | null;
                            /** @description Regions failing below quorum, in words. */
                            warning: string | null;
                            /** @description State changes in the flapping window while flapping; 0 when not. */
                            flapping: number;
                            uptime: {
                                "24h": {
                                    /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                    uptime: number | null;
                                    downtimeMs: number;
                                    /** @description Share of individual checks (all regions) that passed; null without checks. */
                                    checksPassed: number | null;
                                    checks: number;
                                    p50Ms: number | null;
                                    p95Ms: number | null;
                                    p99Ms: number | null;
                                };
                                "7d": {
                                    /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                    uptime: number | null;
                                    downtimeMs: number;
                                    /** @description Share of individual checks (all regions) that passed; null without checks. */
                                    checksPassed: number | null;
                                    checks: number;
                                    p50Ms: number | null;
                                    p95Ms: number | null;
                                    p99Ms: number | null;
                                };
                                "30d": {
                                    /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                    uptime: number | null;
                                    downtimeMs: number;
                                    /** @description Share of individual checks (all regions) that passed; null without checks. */
                                    checksPassed: number | null;
                                    checks: number;
                                    p50Ms: number | null;
                                    p95Ms: number | null;
                                    p99Ms: number | null;
                                };
                            };
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                } & (({
                    key: string;
                    name: string;
                    component?: string;
                    interval?: string;
                    timeout?: string;
                    /** @default true */
                    public?: boolean;
                    failureThreshold?: number;
                    successThreshold?: number;
                    regions?: string[];
                    quorum?: number;
                    escalation?: string;
                    downPercent?: number;
                    downWindow?: string;
                    /** @constant */
                    type: "http";
                    url: string;
                    /**
                     * @default GET
                     * @enum {string}
                     */
                    method?: "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
                    /** @default {} */
                    headers?: {
                        [key: string]: string;
                    };
                    body?: string;
                    auth?: {
                        basic?: {
                            username: string;
                            passwordEnv: string;
                        } & {
                            [key: string]: unknown;
                        };
                        bearer?: {
                            tokenEnv: string;
                        } & {
                            [key: string]: unknown;
                        };
                    } & {
                        [key: string]: unknown;
                    };
                    expectedStatus?: (number | string)[];
                    bodyContains?: string;
                    bodyNotContains?: string;
                    bodyRegex?: string;
                    json?: string[];
                    expectHeaders?: {
                        [key: string]: string;
                    };
                    maxLatency?: string;
                    maxBodySize?: string;
                    /** @default 5 */
                    maxRedirects?: number;
                    /** @default false */
                    ignoreTlsErrors?: boolean;
                    tlsExpiryWarning?: string;
                } & {
                    [key: string]: unknown;
                }) | ({
                    key: string;
                    name: string;
                    component?: string;
                    interval?: string;
                    timeout?: string;
                    /** @default true */
                    public?: boolean;
                    failureThreshold?: number;
                    successThreshold?: number;
                    regions?: string[];
                    quorum?: number;
                    escalation?: string;
                    downPercent?: number;
                    downWindow?: string;
                    /** @constant */
                    type: "tcp";
                    host: string;
                    port: number;
                    send?: string;
                    bannerMatch?: string;
                } & {
                    [key: string]: unknown;
                }) | ({
                    key: string;
                    name: string;
                    component?: string;
                    interval?: string;
                    timeout?: string;
                    /** @default true */
                    public?: boolean;
                    failureThreshold?: number;
                    successThreshold?: number;
                    regions?: string[];
                    quorum?: number;
                    escalation?: string;
                    downPercent?: number;
                    downWindow?: string;
                    /** @constant */
                    type: "dns";
                    query: string;
                    /**
                     * @default A
                     * @enum {string}
                     */
                    recordType?: "A" | "AAAA" | "CNAME" | "MX" | "TXT" | "NS";
                    server?: string;
                    expect?: string[];
                    expectExactly?: string[];
                } & {
                    [key: string]: unknown;
                }) | ({
                    key: string;
                    name: string;
                    component?: string;
                    interval?: string;
                    timeout?: string;
                    /** @default true */
                    public?: boolean;
                    failureThreshold?: number;
                    successThreshold?: number;
                    regions?: string[];
                    quorum?: number;
                    escalation?: string;
                    downPercent?: number;
                    downWindow?: string;
                    /** @constant */
                    type: "tls";
                    host: string;
                    /** @default 443 */
                    port?: number;
                    servername?: string;
                    expiryWarning?: string;
                    /** @default false */
                    allowSelfSigned?: boolean;
                } & {
                    [key: string]: unknown;
                }) | ({
                    key: string;
                    name: string;
                    component?: string;
                    interval?: string;
                    timeout?: string;
                    /** @default true */
                    public?: boolean;
                    failureThreshold?: number;
                    successThreshold?: number;
                    regions?: string[];
                    quorum?: number;
                    escalation?: string;
                    downPercent?: number;
                    downWindow?: string;
                    /** @constant */
                    type: "browser";
                    url: string;
                    waitForSelector?: string;
                    waitForText?: string;
                    maxLatency?: string;
                    /**
                     * @default {
                     *       "width": 1280,
                     *       "height": 800
                     *     }
                     */
                    viewport?: {
                        width: number;
                        height: number;
                    };
                    /** @default false */
                    ignoreTlsErrors?: boolean;
                    /** @default true */
                    screenshotOnFailure?: boolean;
                } & {
                    [key: string]: unknown;
                }) | ({
                    key: string;
                    name: string;
                    component?: string;
                    interval?: string;
                    timeout?: string;
                    /** @default true */
                    public?: boolean;
                    failureThreshold?: number;
                    successThreshold?: number;
                    regions?: string[];
                    quorum?: number;
                    escalation?: string;
                    downPercent?: number;
                    downWindow?: string;
                    /** @constant */
                    type: "heartbeat";
                    grace?: string;
                } & {
                    [key: string]: unknown;
                }));
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        /** @enum {string} */
                        type: "http" | "tcp" | "dns" | "tls" | "browser" | "heartbeat";
                        /** @description The component's name. */
                        component: string | null;
                        isPublic: boolean;
                        intervalS: number;
                        /** @enum {string} */
                        status: "operational" | "degraded" | "down" | "no_data" | "paused";
                        since: string | null;
                        lastMessage: string | null;
                        lastResultAt: string | null;
                        /** @description Regions failing below quorum, in words. */
                        warning: string | null;
                        /** @description State changes in the flapping window while flapping; 0 when not. */
                        flapping: number;
                        uptime: {
                            "24h": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "7d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "30d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                        };
                        /** @description The last 20 state changes, newest first. */
                        transitions: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            at: string;
                            /** @enum {string} */
                            fromStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            /** @enum {string} */
                            toStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            reason: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    getMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        /** @enum {string} */
                        type: "http" | "tcp" | "dns" | "tls" | "browser" | "heartbeat";
                        /** @description The component's name. */
                        component: string | null;
                        isPublic: boolean;
                        intervalS: number;
                        /** @enum {string} */
                        status: "operational" | "degraded" | "down" | "no_data" | "paused";
                        since: string | null;
                        lastMessage: string | null;
                        lastResultAt: string | null;
                        /** @description Regions failing below quorum, in words. */
                        warning: string | null;
                        /** @description State changes in the flapping window while flapping; 0 when not. */
                        flapping: number;
                        uptime: {
                            "24h": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "7d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "30d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                        };
                        /** @description The last 20 state changes, newest first. */
                        transitions: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            at: string;
                            /** @enum {string} */
                            fromStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            /** @enum {string} */
                            toStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            reason: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    archiveMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        /** @constant */
                        archived: true;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        /** @enum {string} */
                        type: "http" | "tcp" | "dns" | "tls" | "browser" | "heartbeat";
                        /** @description The component's name. */
                        component: string | null;
                        isPublic: boolean;
                        intervalS: number;
                        /** @enum {string} */
                        status: "operational" | "degraded" | "down" | "no_data" | "paused";
                        since: string | null;
                        lastMessage: string | null;
                        lastResultAt: string | null;
                        /** @description Regions failing below quorum, in words. */
                        warning: string | null;
                        /** @description State changes in the flapping window while flapping; 0 when not. */
                        flapping: number;
                        uptime: {
                            "24h": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "7d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "30d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                        };
                        /** @description The last 20 state changes, newest first. */
                        transitions: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            at: string;
                            /** @enum {string} */
                            fromStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            /** @enum {string} */
                            toStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            reason: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listMonitorResults: {
        parameters: {
            query?: {
                /** @description The span's start: ISO 8601 (UTC unless an offset is given) or epoch milliseconds. */
                from?: string;
                /** @description The span's end: ISO 8601 (UTC unless an offset is given) or epoch milliseconds. */
                to?: string;
                /** @description `next_cursor` of the previous page; absent for the first page. */
                cursor?: string;
                /** @description Items per page, 1 to 200. */
                limit?: number;
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            startedAt: string;
                            region: string;
                            /** @enum {string} */
                            status: "up" | "degraded" | "down";
                            statusCode: number | null;
                            errorClass: string | null;
                            message: string | null;
                            totalMs: number;
                            phases: {
                                dnsMs: number | null;
                                connectMs: number | null;
                                tlsMs: number | null;
                                firstByteMs: number | null;
                                transferMs: number | null;
                            };
                            tlsExpiresAt: string | null;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        next_cursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    getMonitorStats: {
        parameters: {
            query?: {
                /** @description A named range ending now. Default 24h unless from is given. */
                range?: "24h" | "7d" | "30d" | "90d";
                /** @description The span's start: ISO 8601 (UTC unless an offset is given) or epoch milliseconds. */
                from?: string;
                /** @description The span's end: ISO 8601 (UTC unless an offset is given) or epoch milliseconds. */
                to?: string;
            };
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description Start of the first rollup bucket counted.
                         */
                        from: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        to: string;
                        /**
                         * @description Which rollups were summed. Spans up to 7 days within the hourly rollups' retention are hourly; longer ones (up to 400 days) daily.
                         * @enum {string}
                         */
                        bucket: "hourly" | "daily";
                        /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                        uptime: number | null;
                        downtimeMs: number;
                        /** @description Share of individual checks (all regions) that passed; null without checks. */
                        checksPassed: number | null;
                        checks: number;
                        p50Ms: number | null;
                        p95Ms: number | null;
                        p99Ms: number | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    pauseMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        /** @enum {string} */
                        type: "http" | "tcp" | "dns" | "tls" | "browser" | "heartbeat";
                        /** @description The component's name. */
                        component: string | null;
                        isPublic: boolean;
                        intervalS: number;
                        /** @enum {string} */
                        status: "operational" | "degraded" | "down" | "no_data" | "paused";
                        since: string | null;
                        lastMessage: string | null;
                        lastResultAt: string | null;
                        /** @description Regions failing below quorum, in words. */
                        warning: string | null;
                        /** @description State changes in the flapping window while flapping; 0 when not. */
                        flapping: number;
                        uptime: {
                            "24h": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "7d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "30d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                        };
                        /** @description The last 20 state changes, newest first. */
                        transitions: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            at: string;
                            /** @enum {string} */
                            fromStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            /** @enum {string} */
                            toStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            reason: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    resumeMonitor: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        key: string;
                        name: string;
                        /** @enum {string} */
                        type: "http" | "tcp" | "dns" | "tls" | "browser" | "heartbeat";
                        /** @description The component's name. */
                        component: string | null;
                        isPublic: boolean;
                        intervalS: number;
                        /** @enum {string} */
                        status: "operational" | "degraded" | "down" | "no_data" | "paused";
                        since: string | null;
                        lastMessage: string | null;
                        lastResultAt: string | null;
                        /** @description Regions failing below quorum, in words. */
                        warning: string | null;
                        /** @description State changes in the flapping window while flapping; 0 when not. */
                        flapping: number;
                        uptime: {
                            "24h": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "7d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                            "30d": {
                                /** @description 0..1 by the page's formula (time per condition, maintenance left out); null without data. */
                                uptime: number | null;
                                downtimeMs: number;
                                /** @description Share of individual checks (all regions) that passed; null without checks. */
                                checksPassed: number | null;
                                checks: number;
                                p50Ms: number | null;
                                p95Ms: number | null;
                                p99Ms: number | null;
                            };
                        };
                        /** @description The last 20 state changes, newest first. */
                        transitions: {
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            at: string;
                            /** @enum {string} */
                            fromStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            /** @enum {string} */
                            toStatus: "operational" | "degraded" | "down" | "no_data" | "paused";
                            reason: string;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    getSlaReport: {
        parameters: {
            query?: {
                /** @description A month like 2026-11. */
                month?: string;
                /** @description The first day, like 2026-11-01. */
                from?: string;
                /** @description The last day, like 2026-11-30. */
                to?: string;
                /** @description The uptime target in percent; default 99.9. */
                target?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        from: string;
                        /**
                         * Format: date-time
                         * @description The end, exclusive: the start of the day after the last.
                         */
                        to: string;
                        month: string | null;
                        targetPct: number;
                        monitors: {
                            key: string;
                            name: string;
                            /** @description 0..1 by the page's formula (maintenance and paused time left out); null without data. */
                            uptime: number | null;
                            downtimeMs: number;
                            /** @description Incidents (not maintenance) open at some time in the period. */
                            incidents: number;
                            checks: number;
                            p95Ms: number | null;
                            /** @description Uptime at or above the target; null without data. */
                            met: boolean | null;
                            component: string | null;
                        }[];
                        components: {
                            key: string;
                            name: string;
                            /** @description 0..1 by the page's formula (maintenance and paused time left out); null without data. */
                            uptime: number | null;
                            downtimeMs: number;
                            /** @description Incidents (not maintenance) open at some time in the period. */
                            incidents: number;
                            checks: number;
                            p95Ms: number | null;
                            /** @description Uptime at or above the target; null without data. */
                            met: boolean | null;
                            monitors: number;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listSubscribers: {
        parameters: {
            query?: {
                /** @description Part of the address, any case. */
                search?: string;
                kind?: "email" | "webhook";
                state?: "confirmed" | "unconfirmed" | "unsubscribed";
                /** @description `next_cursor` of the previous page; absent for the first page. */
                cursor?: string;
                /** @description Items per page, 1 to 200. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            /** @enum {string} */
                            kind: "email" | "webhook";
                            /** @description Email address or webhook URL. */
                            address: string;
                            /**
                             * @description confirmed (live), unconfirmed (waiting for the emailed confirmation), unsubscribed.
                             * @enum {string}
                             */
                            state: "confirmed" | "unconfirmed" | "unsubscribed";
                            allComponents: boolean;
                            componentIds: number[];
                            confirmedAt: string | null;
                            unsubscribedAt: string | null;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        next_cursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    removeSubscriber: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        /** @constant */
                        removed: true;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    subscriberCounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        total: number;
                        confirmed: number;
                        unconfirmed: number;
                        unsubscribed: number;
                        byKind: {
                            email: number;
                            webhook: number;
                        };
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    exportSubscribers: {
        parameters: {
            query?: {
                /** @description Part of the address, any case. */
                search?: string;
                kind?: "email" | "webhook";
                state?: "confirmed" | "unconfirmed" | "unsubscribed";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        exportedAt: string;
                        items: {
                            id: number;
                            /** @enum {string} */
                            kind: "email" | "webhook";
                            address: string;
                            /**
                             * @description confirmed (live), unconfirmed (waiting for the emailed confirmation), unsubscribed.
                             * @enum {string}
                             */
                            state: "confirmed" | "unconfirmed" | "unsubscribed";
                            allComponents: boolean;
                            /** @description Keys of the chosen components; empty with allComponents. */
                            components: string[];
                            /** Format: date-time */
                            createdAt: string;
                            confirmedAt: string | null;
                            unsubscribedAt: string | null;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listRegions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            name: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                            /** @description The region's probe's last report (null: never). */
                            lastPulseAt: string | null;
                            /** @description The newest result from this region, as the coordinator folded it. */
                            lastResultAt: string | null;
                            /** @description No report for 30 s (or never): its monitors fall back to the other regions. */
                            silent: boolean;
                            activeTokens: number;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createRegion: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 32 lowercase letters, digits and dashes, like eu-west. */
                    name: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        name: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        createdAt: string;
                        /** @description The region's probe's last report (null: never). */
                        lastPulseAt: string | null;
                        /** @description The newest result from this region, as the coordinator folded it. */
                        lastResultAt: string | null;
                        /** @description No report for 30 s (or never): its monitors fall back to the other regions. */
                        silent: boolean;
                        activeTokens: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listProbeTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            region: string;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                            lastUsedAt: string | null;
                            revokedAt: string | null;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createProbeToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description 1 to 32 lowercase letters, digits and dashes, like eu-west. */
                    region: string;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        region: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        createdAt: string;
                        lastUsedAt: string | null;
                        revokedAt: string | null;
                        /** @description pt_…: shown only in this answer, stored as a hash. */
                        token: string;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    revokeProbeToken: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: number;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        id: number;
                        region: string;
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        createdAt: string;
                        lastUsedAt: string | null;
                        revokedAt: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listAudit: {
        parameters: {
            query?: {
                /** @description Only this kind of entity (incident, api_key, …). */
                entity?: string;
                /** @description With entity: only this one's history. */
                entityId?: string;
                /** @description `next_cursor` of the previous page; absent for the first page. */
                cursor?: string;
                /** @description Items per page, 1 to 200. */
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            id: number;
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            at: string;
                            /** @description Who, in words, as it was then. */
                            actor: string;
                            /** @enum {string} */
                            source: "ui" | "api" | "config" | "system" | "cli";
                            /** @description <entity>.<verb>, like incident.create. */
                            action: string;
                            entity: string;
                            entityId: string | null;
                            /** @description The entity before (secrets redacted), or null. */
                            before: unknown;
                            /** @description The entity after (secrets redacted), or null. */
                            after: unknown;
                        }[];
                        /** @description Pass as `cursor` for the next page; null on the last page. */
                        next_cursor: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            /** @description Public; the secret starts with sm_<id>_. */
                            id: string;
                            name: string;
                            /**
                             * @description write includes read.
                             * @enum {string}
                             */
                            scope: "read" | "write";
                            /**
                             * Format: date-time
                             * @description ISO 8601 time, UTC
                             */
                            createdAt: string;
                            expiresAt: string | null;
                            /** @description To the minute. */
                            lastUsedAt: string | null;
                            revokedAt: string | null;
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description Public; the secret starts with sm_<id>_. */
                        id: string;
                        name: string;
                        /**
                         * @description write includes read.
                         * @enum {string}
                         */
                        scope: "read" | "write";
                        /**
                         * Format: date-time
                         * @description ISO 8601 time, UTC
                         */
                        createdAt: string;
                        expiresAt: string | null;
                        /** @description To the minute. */
                        lastUsedAt: string | null;
                        revokedAt: string | null;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listChannels: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            key: string;
                            name: string;
                            /** @description One of email, slack, discord, webhook, sms, ntfy. */
                            type: string;
                            /**
                             * @description config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API.
                             * @enum {string}
                             */
                            origin: "config" | "ui";
                            /** @description The type's settings as text, every secret and every URL masked (a URL shows its scheme, host and last 4 characters: its path may be a credential). */
                            settings: {
                                [key: string]: string;
                            };
                            /** @description Escalation steps that tell it, in words ("default: step 2 after 5 min"). */
                            usedBy: string[];
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createChannel: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    name?: string;
                    /** @enum {string} */
                    type: "email" | "slack" | "discord" | "webhook" | "sms" | "ntfy";
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        /** @description One of email, slack, discord, webhook, sms, ntfy. */
                        type: string;
                        /**
                         * @description config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description The type's settings as text, every secret and every URL masked (a URL shows its scheme, host and last 4 characters: its path may be a credential). */
                        settings: {
                            [key: string]: string;
                        };
                        /** @description Escalation steps that tell it, in words ("default: step 2 after 5 min"). */
                        usedBy: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    getChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        /** @description One of email, slack, discord, webhook, sms, ntfy. */
                        type: string;
                        /**
                         * @description config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description The type's settings as text, every secret and every URL masked (a URL shows its scheme, host and last 4 characters: its path may be a credential). */
                        settings: {
                            [key: string]: string;
                        };
                        /** @description Escalation steps that tell it, in words ("default: step 2 after 5 min"). */
                        usedBy: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    archiveChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        /** @constant */
                        archived: true;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        /** @description One of email, slack, discord, webhook, sms, ntfy. */
                        type: string;
                        /**
                         * @description config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description The type's settings as text, every secret and every URL masked (a URL shows its scheme, host and last 4 characters: its path may be a credential). */
                        settings: {
                            [key: string]: string;
                        };
                        /** @description Escalation steps that tell it, in words ("default: step 2 after 5 min"). */
                        usedBy: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    testChannel: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ok: boolean;
                        /** @description The receiver's receipt ("HTTP 200", "SMTP 250 …") or the error in words. */
                        detail: string;
                        latencyMs: number;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    listEscalationPolicies: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        items: {
                            key: string;
                            name: string;
                            /**
                             * @description config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API.
                             * @enum {string}
                             */
                            origin: "config" | "ui";
                            /** @description In order of delay after the alert opened. */
                            steps: {
                                afterMs: number;
                                /** @description Channel keys. */
                                channels: string[];
                            }[];
                            /** @description The last step repeats this often until acknowledged; null: no reminders. */
                            repeatEveryMs: number | null;
                            /** @description Keys of the monitors that follow it. */
                            monitors: string[];
                        }[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    createEscalationPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    key: string;
                    name?: string;
                    steps: ({
                        after?: string;
                        channels: string[];
                    } & {
                        [key: string]: unknown;
                    })[];
                    repeat?: string;
                } & {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        /**
                         * @description config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description In order of delay after the alert opened. */
                        steps: {
                            afterMs: number;
                            /** @description Channel keys. */
                            channels: string[];
                        }[];
                        /** @description The last step repeats this often until acknowledged; null: no reminders. */
                        repeatEveryMs: number | null;
                        /** @description Keys of the monitors that follow it. */
                        monitors: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    archiveEscalationPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        /** @constant */
                        archived: true;
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateEscalationPolicy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                key: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description OK */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: string;
                        name: string;
                        /**
                         * @description config: declared in status.config.yaml, read-only here (change the file); ui: made in the dashboard or this API.
                         * @enum {string}
                         */
                        origin: "config" | "ui";
                        /** @description In order of delay after the alert opened. */
                        steps: {
                            afterMs: number;
                            /** @description Channel keys. */
                            channels: string[];
                        }[];
                        /** @description The last step repeats this often until acknowledged; null: no reminders. */
                        repeatEveryMs: number | null;
                        /** @description Keys of the monitors that follow it. */
                        monitors: string[];
                    };
                };
            };
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["TooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["InvalidInput"];
            429: components["responses"]["RateLimited"];
        };
    };
}
