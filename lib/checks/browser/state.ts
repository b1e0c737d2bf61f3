/** What a browser check has learned while it runs, and how its steps ended. */
import type { BrowserContext, Page } from "playwright-core";
import type { Assertions, Outcome } from "../frame";
import type { PhaseTimings } from "../types";
import type { BrowserCheckConfig } from "./config";
import type { RunningBrowser } from "./pool";
import type { PolicyProxy } from "./proxy";

export type Step = "resolving" | "launching" | "opening" | "loading" | "selector" | "text";

/** Everything learned so far; a failure result is built from whatever got this far. */
export interface RunState {
  step: Step;
  phases: PhaseTimings;
  statusCode?: number;
  httpVersion?: string;
  tlsExpiresAt?: number;
  assertions: Assertions;
  /** Under the target policy: the proxy every request of the page goes through. */
  proxy?: PolicyProxy;
  /** URLs the page was redirected to, in order (a refused one is named in the verdict). */
  redirects: string[];
  running?: RunningBrowser;
  context?: BrowserContext;
  page?: Page;
}

/** How the steps ended, before the screenshot. */
export interface Verdict extends Outcome {
  /** Whether a screenshot would help explain this result. */
  screenshot: boolean;
}

export function stepInWords(state: RunState, config: BrowserCheckConfig, url: URL): string {
  switch (state.step) {
    case "resolving":
      return `resolving ${url.hostname}`;
    case "launching":
      return "launching the browser";
    case "opening":
      return "opening a browser page";
    case "loading":
      return "loading the page";
    case "selector":
      return `waiting for selector ${JSON.stringify(config.waitForSelector)}`;
    case "text":
      return `waiting for text ${JSON.stringify(config.waitForText)}`;
  }
}

