/**
 * Test-only: a sample message, hostile text, and an HTTP receiver on 127.0.0.1 that records every
 * request and answers as the test says.
 */
import type http from "node:http";
import { afterEach } from "vitest";
import { startHttpServer } from "../checks/test-servers";
import { DeliveryError, type NotificationMessage, type SendOptions } from "./types";

export const ACK_URL = "https://status.example.com/ack/a1b2c3?exp=1714557720&sig=Zm9v";
export const DASHBOARD_URL = "https://status.example.com/dashboard/monitors/api";

export function sampleMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    event: "alert",
    severity: "critical",
    title: "API is down",
    summary: "3 of 3 regions failed twice: connect ECONNREFUSED.",
    facts: [
      { label: "Since", value: "2024-05-01 10:02 UTC" },
      { label: "Regions", value: "eu-west, us-east" },
      { label: "Error", value: "connect ECONNREFUSED" },
    ],
    links: [
      { label: "Open dashboard", url: DASHBOARD_URL, kind: "dashboard" },
      { label: "Acknowledge", url: ACK_URL, kind: "acknowledge" },
    ],
    at: Date.UTC(2024, 4, 1, 10, 2, 30),
    ref: "alert-12",
    ...overrides,
  };
}

/** Text someone could get into a title or summary by naming a monitor or failing a target on purpose. */
export const HOSTILE_TITLE = `<script>alert("t")</script> & <b>API</b>`;
export const HOSTILE_SUMMARY = `<img src=x onerror=alert(1)> @everyone <!channel> <@U123> [Log in](https://evil.example/phish) "quoted" 'single'`;

export function hostileMessage(): NotificationMessage {
  return sampleMessage({
    title: HOSTILE_TITLE,
    summary: HOSTILE_SUMMARY,
    facts: [{ label: "<i>Error</i>", value: "<svg onload=alert(2)>" }],
    links: [
      { label: "Acknowledge", url: ACK_URL, kind: "acknowledge" },
      { label: "<b>Click</b>", url: "javascript:alert(3)", kind: "other" },
    ],
  });
}

export const SEND_OPTIONS: SendOptions = { idempotencyKey: "alert:12:step:0:ops", timeoutMs: 3_000 };

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** Never answer (for deadline tests). */
  hang?: boolean;
}

export interface Recorder {
  /** Base URL, e.g. "http://127.0.0.1:41234". */
  url: string;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

/** An HTTP server on 127.0.0.1 that records each request and answers with `respond(request)`. */
export async function startRecorder(respond: (request: RecordedRequest) => Answer): Promise<Recorder> {
  const requests: RecordedRequest[] = [];
  const server = await startHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const recorded: RecordedRequest = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") };
      requests.push(recorded);
      const answer = respond(recorded);
      if (answer.hang) return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? "");
    });
  });
  return { url: server.url, requests, close: server.close };
}

/** A port on 127.0.0.1 that nothing listens on (it was just freed). */
export async function closedPortUrl(scheme = "http"): Promise<string> {
  const server = await startHttpServer(() => {});
  const { port } = server;
  await server.close();
  return `${scheme}://127.0.0.1:${port}`;
}

/** The DeliveryError a send failed with; fails the test when it succeeded or threw something else. */
export async function failure(sending: Promise<unknown>): Promise<DeliveryError> {
  try {
    await sending;
  } catch (err) {
    if (err instanceof DeliveryError) return err;
    throw new Error(`expected a DeliveryError, got ${String(err)}`, { cause: err });
  }
  throw new Error("expected the send to fail, it succeeded");
}

/** For a describe block: starts recorders, and closes them after each test. */
export function useRecorders(): (respond: (request: RecordedRequest) => Answer) => Promise<Recorder> {
  const started: Recorder[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((recorder) => recorder.close()));
  });
  return async (respond) => {
    const recorder = await startRecorder(respond);
    started.push(recorder);
    return recorder;
  };
}
