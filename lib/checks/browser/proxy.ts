/**
 * The browser check's way out under the target policy: a forward proxy on loopback, one per
 * check, that Chromium sends every request of the check's context through (the context's proxy
 * setting with "<-loopback>", so loopback targets are not exempt). Through an HTTP proxy Chromium
 * resolves no names itself: the proxy resolves each one with openTimedConnection (connector.ts), judges
 * the addresses and connects to exactly those. What is judged is what is connected, for the page,
 * its subresources, fetches, redirects and WebSockets alike (https and WebSockets are CONNECT
 * tunnels, plain http is forwarded), so a name that changes its answer (DNS rebinding) gains
 * nothing, and a refused target receives nothing at all, not even the first request.
 */
import http from "node:http";
import net from "node:net";
import { ConnectPhaseError, openTimedConnection } from "../connector";
import { noop } from "../frame";
import type { AddressJudge } from "../policy";

/** A connection the proxy did not make, and why. */
export interface ProxyFailure {
  /** "host:port" as Chromium asked for it. */
  target: string;
  /** The URL, for plain http (a CONNECT tunnel shows only its target). */
  url?: string;
  errorClass: "blocked" | "dns" | "connect";
  message: string;
}

export interface PolicyProxy {
  /** For Playwright's context `proxy.server`. */
  server: string;
  /** In the order they happened. */
  failures: ProxyFailure[];
  /** DNS and TCP connect time of the first connection to each target ("host:port"). */
  timings: Map<string, { dnsUs?: number; connectUs: number }>;
  close(): Promise<void>;
}

/** Headers that belong to one hop (RFC 9110 7.6.1), plus the proxy's own. */
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "proxy-authorization", "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade"]);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = new Set(
    String(headers.connection ?? "")
      .split(",")
      .map((h) => h.trim().toLowerCase()),
  );
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name) && !named.has(name)));
}

/** The longest a check waits for its proxy to close. */
const CLOSE_GRACE_MS = 500;

/**
 * Starts the proxy. Every upstream connection is judged by `judge`; `signal` (the check's stop)
 * bounds every pending connect. close() ends every connection, both sides.
 */
export async function startPolicyProxy(judge: AddressJudge, signal: AbortSignal): Promise<PolicyProxy> {
  const failures: ProxyFailure[] = [];
  const timings = new Map<string, { dnsUs?: number; connectUs: number }>();
  const upstreams: net.Socket[] = [];
  // Tunnels leave the HTTP server's own bookkeeping once CONNECT is answered: tracked here.
  const clients = new Set<net.Socket>();

  /** Connects to host:port under the policy; undefined (with the failure recorded) when it did not. */
  async function open(hostname: string, port: number, target: string, url?: string): Promise<net.Socket | undefined> {
    try {
      const { socket, timings: t } = await openTimedConnection({ protocol: "tcp:", hostname, port, judge }, { signal, sockets: upstreams });
      if (!timings.has(target)) timings.set(target, { dnsUs: t.dnsUs, connectUs: t.connectUs });
      return socket;
    } catch (err) {
      if (err instanceof ConnectPhaseError) {
        const errorClass = err.errorClass === "blocked" ? "blocked" : err.phase === "dns" ? "dns" : "connect";
        failures.push({ target, url, errorClass, message: err.message });
      }
      return undefined;
    }
  }

  const server = http.createServer((req, res) => {
    let url: URL;
    try {
      url = new URL(req.url ?? "");
    } catch {
      res.writeHead(400).end("this proxy takes absolute http URLs only");
      return;
    }
    if (url.protocol !== "http:") {
      res.writeHead(400).end("this proxy forwards http only; https goes through CONNECT");
      return;
    }
    const port = Number(url.port) || 80;
    const target = `${url.hostname}:${port}`;
    void open(url.hostname.replace(/^\[(.*)\]$/, "$1"), port, target, url.href).then((socket) => {
      // Refused or unreachable: the browser gets no answer (an answer of ours would pass for the
      // page's), and the check reads the reason from `failures`.
      if (!socket) return void res.destroy();
      const upstream = http.request({ createConnection: () => socket, method: req.method, path: `${url.pathname}${url.search}`, headers: { ...endToEnd(req.headers), connection: "close" } });
      upstream.on("response", (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
        answer.pipe(res);
        answer.on("error", () => res.destroy());
      });
      upstream.on("error", () => res.destroy());
      res.on("close", () => upstream.destroy());
      req.pipe(upstream);
    });
  });

  server.on("connect", (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    client.on("error", noop);
    clients.add(client);
    client.on("close", () => clients.delete(client));
    const target = req.url ?? "";
    const m = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(target);
    if (!m) {
      client.end("HTTP/1.1 400 Bad Request\r\n\r\n");
      return;
    }
    void open(m[1].replace(/^\[(.*)\]$/, "$1"), Number(m[2]), target).then((socket) => {
      if (!socket) return void client.end("HTTP/1.1 502 Bad Gateway\r\n\r\n");
      socket.on("close", () => client.destroy());
      client.on("close", () => socket.destroy());
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) socket.write(head);
      socket.pipe(client);
      client.pipe(socket);
    });
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as net.AddressInfo;
  return {
    server: `http://127.0.0.1:${port}`,
    failures,
    timings,
    close: () =>
      new Promise<void>((resolve) => {
        // Every socket is destroyed here, so close() finishes at once; the timer only makes sure
        // that a check never waits on it.
        const timer = setTimeout(resolve, CLOSE_GRACE_MS);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeAllConnections();
        for (const socket of [...clients, ...upstreams.splice(0)]) socket.destroy();
      }),
  };
}
