import net from "node:net";
import { z } from "zod";
import { CheckFailure, CheckStopped, errorCode, type Deadline } from "./frame";
import { hostField, portField, printableSample, runSocketCheck, type SocketCheckState } from "./socket";
import { codeInWords, defineCheckType, elapsedUs, type CheckResult, type CheckRunOptions } from "./types";

/** At most this much of a banner is read; a longer one that never matched is a mismatch. */
export const TCP_MAX_BANNER_BYTES = 4_096;

/**
 * The settings of a TCP port monitor as written in status.config.yaml (next to the common
 * monitor fields): the port must accept a connection, and optionally greet with a banner.
 */
export const tcpCheckConfigSchema = z.object({
  /** Host name or IP address to connect to (IPv6 literals allowed, brackets optional). */
  host: hostField,
  /** TCP port, 1–65535. */
  port: portField,
  /** Written right after connecting, before the banner is read (e.g. "PING\r\n"). */
  send: z.string({ error: 'expected text to send, like "PING\\r\\n"' }).min(1, { error: "must not be empty; leave send out to send nothing" }).optional(),
  /** The first bytes the server sends (up to 4 KiB, within the timeout) must contain this text. */
  bannerMatch: z.string({ error: 'expected the text the banner must contain, like "SSH-2.0"' }).min(1, { error: "must not be empty; leave bannerMatch out to only check the connection" }).optional(),
});

export type TcpCheckConfig = z.output<typeof tcpCheckConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Running the check
// ---------------------------------------------------------------------------------------------

interface BannerRead {
  bytes: Buffer;
  matched: boolean;
  /** Why reading stopped without a match. */
  end?: "closed" | "reset" | "cap" | "deadline";
  /** The socket error's code when it ended in a reset. */
  errorCode?: string;
  firstByteUs?: number;
}

/**
 * Reads until the received bytes contain `match`, the server closes, 4 KiB arrived, or the
 * deadline passes. Matching is on bytes, so a match split across packets is still found.
 */
function readBanner(socket: net.Socket, match: Buffer, deadline: Deadline, since: number): Promise<BannerRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let firstByteUs: number | undefined;
    const done = (matched: boolean, end?: BannerRead["end"], code?: string) => {
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("close", onEnd);
      socket.off("error", onError);
      deadline.signal.removeEventListener("abort", onAbort);
      resolve({ bytes: Buffer.concat(chunks).subarray(0, TCP_MAX_BANNER_BYTES), matched, end, errorCode: code, firstByteUs });
    };
    const onData = (chunk: Buffer) => {
      firstByteUs ??= elapsedUs(since);
      chunks.push(chunk);
      received += chunk.length;
      if (Buffer.concat(chunks).subarray(0, TCP_MAX_BANNER_BYTES).includes(match)) return done(true);
      if (received >= TCP_MAX_BANNER_BYTES) done(false, "cap");
    };
    const onEnd = () => done(false, "closed");
    const onError = (err: Error) => done(false, "reset", errorCode(err));
    const onAbort = () => done(false, "deadline");
    socket.on("data", onData);
    socket.once("end", onEnd);
    socket.once("close", onEnd);
    socket.once("error", onError);
    if (deadline.signal.aborted) onAbort();
    else deadline.signal.addEventListener("abort", onAbort, { once: true });
  });
}

function phaseInWords(state: SocketCheckState): string {
  switch (state.phase) {
    case "dns":
      return `resolving ${state.host}`;
    case "connect":
      return `connecting to ${state.where}`;
    case "send":
      return `sending to ${state.where}`;
    case "banner":
      return `waiting for the banner from ${state.where} (no data received)`;
    default:
      return `talking to ${state.where}`;
  }
}

const CONNECTED_EXPECTED = "accepts a TCP connection";

/**
 * One TCP port check: resolve, apply the target policy, connect, optionally send a line and
 * read the banner. Never throws: whatever the target does becomes a result with an error class
 * and a message; a bug of ours becomes "internal".
 */
export async function runTcpCheck(config: TcpCheckConfig, opts: CheckRunOptions): Promise<CheckResult> {
  return runSocketCheck<CheckResult>({
    type: "tcp",
    target: { host: config.host, port: config.port, protocol: "tcp:" },
    opts,
    phaseInWords,
    body: async ({ state, deadline, socket, finish }) => {
      state.assertions.add({ name: "connected", ok: true, expected: CONNECTED_EXPECTED, actual: `connected to ${state.where}`, severity: "down" });

      const exchangeStart = performance.now();
      if (config.send !== undefined) {
        state.phase = "send";
        const payload = config.send;
        await deadline.race(
          new Promise<void>((resolve, reject) => {
            socket.write(payload, (err) => (err ? reject(new CheckFailure("connect", `sending to ${state.where} failed: ${codeInWords(errorCode(err), err.message)}`)) : resolve()));
          }),
        );
      }

      if (config.bannerMatch !== undefined) {
        state.phase = "banner";
        const read = await readBanner(socket, Buffer.from(config.bannerMatch, "utf8"), deadline, exchangeStart);
        if (read.firstByteUs !== undefined) state.phases.firstByteUs = read.firstByteUs;
        const stop = deadline.signal.reason;
        // Out of time with nothing received is a timeout; a cancel is never the target's fault.
        if (read.end === "deadline" && (read.bytes.length === 0 || (stop instanceof CheckStopped && stop.reason === "cancelled"))) throw stop;
        if (read.end === "reset" && read.bytes.length === 0) {
          throw new CheckFailure("connect", `${codeInWords(read.errorCode ?? "ECONNRESET")} by ${state.where} before it sent anything`);
        }
        const actual =
          read.bytes.length === 0 ? "no data (the server closed the connection without sending anything)" : printableSample(read.bytes);
        const wanted = JSON.stringify(config.bannerMatch);
        state.assertions.add(
          { name: "banner", ok: read.matched, expected: `contains ${wanted}`, actual, severity: "down" },
          `banner does not contain ${wanted}; received: ${actual}`,
        );
      }

      return finish(state.assertions.verdict("assertion"));
    },
    // A connect that failed or ran out of time is the `connected` assertion failing.
    onFailure: (err, state) => {
      if (state.phase !== "connect") return;
      if (err instanceof CheckStopped && err.reason === "deadline") {
        state.assertions.add({ name: "connected", ok: false, expected: CONNECTED_EXPECTED, actual: `no answer within ${opts.timeoutMs} ms`, severity: "down" });
      } else if (err instanceof CheckFailure && err.errorClass === "connect" && err.actual) {
        state.assertions.add({ name: "connected", ok: false, expected: CONNECTED_EXPECTED, actual: err.actual, severity: "down" });
      }
    },
  });
}

export const tcpCheck = defineCheckType({ type: "tcp", configSchema: tcpCheckConfigSchema, run: runTcpCheck });
