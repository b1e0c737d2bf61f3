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
        get?: never;
        put?: never;
        /**
         * Schedule maintenance
         * @description Times are epoch milliseconds or UTC date-times like 2026-11-26T14:00. Read, change and update it through /incidents/{id}.
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
        post?: never;
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
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
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
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
        post?: never;
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
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
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
    "/subscribers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List or search subscribers, newest first (admins)
         * @description Needs a key with the read scope whose user has the admin role or higher.
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
         * Remove a subscriber and its address (admins)
         * @description Needs a key with the write scope whose user has the admin role or higher.
         */
        delete: operations["removeSubscriber"];
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
                    scheduledFor: number | string;
                    scheduledUntil: number | string;
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
                            displayOrder: number;
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
                        displayOrder: number;
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
    listSubscribers: {
        parameters: {
            query?: {
                /** @description Part of the address. */
                search?: string;
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
                            source: "ui" | "api" | "config" | "system";
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
}
