import { createServer, type AddressInfo, type Socket } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  buildEmailPayload,
  emailChannel,
  emailConfigSchema,
  emailMessageId,
  renderEmail,
  sendEmail,
  smtpSettingsFromEnv,
  SmtpSettingsError,
  type SmtpSettings,
} from "./email";
import { deliver } from "./index";
import { ACK_URL, closedPortUrl, DASHBOARD_URL, hostileMessage, HOSTILE_SUMMARY, HOSTILE_TITLE, sampleMessage, SEND_OPTIONS, failure } from "./test-fixtures";
import { DeliveryError } from "./types";

describe("SMTP settings from the environment", () => {
  it("reads SMTP_URL, decoding user and password, with STARTTLS on smtp:// and TLS on smtps://", () => {
    expect(smtpSettingsFromEnv({ SMTP_URL: "smtp://alerts%40example.com:p%40ss%2Fw@mail.example.com:2525" })).toEqual({
      host: "mail.example.com",
      port: 2525,
      secure: false,
      auth: { user: "alerts@example.com", pass: "p@ss/w" },
      from: "Status <status@localhost>",
    });
    expect(smtpSettingsFromEnv({ SMTP_URL: "smtps://u:p@mail.example.com", SMTP_FROM: "Acme Status <status@acme.test>" })).toMatchObject({
      port: 465,
      secure: true,
      from: "Acme Status <status@acme.test>",
    });
    expect(smtpSettingsFromEnv({ SMTP_URL: "smtp://relay.internal" })).toEqual({ host: "relay.internal", port: 587, secure: false, from: "Status <status@localhost>" });
  });

  it("reads SMTP_HOST and friends, with the port deciding TLS unless SMTP_SECURE says", () => {
    expect(smtpSettingsFromEnv({ SMTP_HOST: "mail.example.com", SMTP_USER: "u", SMTP_PASSWORD: " p w " })).toEqual({
      host: "mail.example.com",
      port: 587,
      secure: false,
      auth: { user: "u", pass: " p w " },
      from: "Status <status@localhost>",
    });
    expect(smtpSettingsFromEnv({ SMTP_HOST: "mail.example.com", SMTP_PORT: "465" })).toMatchObject({ port: 465, secure: true });
    expect(smtpSettingsFromEnv({ SMTP_HOST: "mail.example.com", SMTP_SECURE: "true" })).toMatchObject({ port: 465, secure: true });
    expect(smtpSettingsFromEnv({ SMTP_HOST: "mail.example.com", SMTP_PORT: "2465", SMTP_SECURE: "yes" })).toMatchObject({ port: 2465, secure: true });
    // An empty variable (docker-compose's `SMTP_URL=`) is unset.
    expect(smtpSettingsFromEnv({ SMTP_URL: "", SMTP_HOST: "mail.example.com" })).toMatchObject({ host: "mail.example.com" });
  });

  it("names the variable to fix", () => {
    const problem = (env: Record<string, string>) => {
      try {
        smtpSettingsFromEnv(env);
        return "no error";
      } catch (err) {
        expect(err).toBeInstanceOf(SmtpSettingsError);
        return (err as Error).message;
      }
    };
    expect(problem({})).toMatch(/^SMTP is not configured: set SMTP_URL .* or SMTP_HOST/);
    expect(problem({ SMTP_HOST: "h", SMTP_PORT: "smtp" })).toBe('SMTP_PORT must be a port number like 587 or 465, got "smtp"');
    expect(problem({ SMTP_HOST: "h", SMTP_PORT: "70000" })).toMatch(/^SMTP_PORT must be a port number/);
    expect(problem({ SMTP_HOST: "h", SMTP_SECURE: "maybe" })).toBe('SMTP_SECURE must be true or false, got "maybe"');
    expect(problem({ SMTP_HOST: "h", SMTP_USER: "u" })).toMatch(/^SMTP_PASSWORD is missing/);
    expect(problem({ SMTP_HOST: "h", SMTP_PASSWORD: "p" })).toMatch(/^SMTP_USER is missing/);
    expect(problem({ SMTP_HOST: "h", SMTP_URL: "smtp://h" })).toMatch(/^set SMTP_URL or SMTP_HOST, not both/);
    expect(problem({ SMTP_URL: "smtp://h", SMTP_FROM: "Status" })).toMatch(/^SMTP_FROM must be an address like/);
    expect(problem({ SMTP_URL: "smtp://h", SMTP_FROM: "a@b.c\r\nBcc: x@y.z" })).toMatch(/^SMTP_FROM must be an address/);
    expect(problem({ SMTP_URL: "smtp://h", SMTP_FROM: "Ops <ops@example.com>" })).toBe("no error");
    const badScheme = problem({ SMTP_URL: "https://user:hunter2@mail.example.com" });
    expect(badScheme).toMatch(/^SMTP_URL must start with smtp:\/\/ \(STARTTLS\) or smtps:\/\/ \(TLS\), got "https:\/\/user:\*\*\*\*@mail\.example\.com"$/);
    expect(badScheme).not.toContain("hunter2");
    expect(problem({ SMTP_URL: "smtp://u:%E0%A4%A@h" })).toMatch(/^SMTP_URL has a badly encoded user name or password/);
  });
});

describe("email layout and payload", () => {
  it("has a subject like [DOWN] API is down, and words it by event", () => {
    const to = ["ops@example.com"];
    expect(buildEmailPayload(sampleMessage(), { to }).subject).toBe("[DOWN] API is down");
    expect(buildEmailPayload(sampleMessage({ event: "recovery", severity: "resolved", title: "API is up" }), { to }).subject).toBe("[RESOLVED] API is up");
    expect(buildEmailPayload(sampleMessage({ event: "reminder" }), { to }).subject).toBe("[REMINDER] API is down");
    expect(buildEmailPayload(sampleMessage({ event: "maintenance_started", severity: "info", title: "Database upgrade" }), { to }).subject).toBe("[MAINTENANCE] Database upgrade");
  });

  it("has a text part with the summary, facts and links, acknowledge first", () => {
    const { text } = buildEmailPayload(sampleMessage(), { to: ["ops@example.com"] });
    expect(text).toContain("[DOWN] API is down\n\n3 of 3 regions failed twice: connect ECONNREFUSED.\n\n");
    expect(text).toContain("Since:   2024-05-01 10:02 UTC\nRegions: eu-west, us-east\nError:   connect ECONNREFUSED");
    expect(text).toContain(`Acknowledge: ${ACK_URL}\nOpen dashboard: ${DASHBOARD_URL}`);
    expect(text).toContain("-- \n2024-05-01 10:02 UTC · reference alert-12");
  });

  it("has an HTML part with inline styles only, the facts as a table, and links as buttons with acknowledge prominent and first", () => {
    const { html } = buildEmailPayload(sampleMessage(), { to: ["ops@example.com"] });
    expect(html).not.toMatch(/<style|<link|class=/);
    expect(html).toContain("<th align=\"left\"");
    expect(html).toMatch(/>Regions<\/th><td[^>]*>eu-west, us-east<\/td>/);
    const ack = html.indexOf(`href="${ACK_URL.replace(/&/g, "&amp;")}"`);
    const dashboard = html.indexOf(`href="${DASHBOARD_URL}"`);
    expect(ack).toBeGreaterThan(0);
    expect(dashboard).toBeGreaterThan(ack);
    // The acknowledge button is the big one in the severity colour; the other is outlined.
    expect(html.slice(ack, dashboard)).toMatch(/background:#d93025;color:#ffffff;font-size:16px;font-weight:700/);
    expect(html.slice(dashboard)).toMatch(/^[^>]*background:#ffffff;border:1px solid/);
  });

  it("escapes hostile titles, summaries, facts and links in the HTML, and links only http(s)", () => {
    const { html, text, subject } = buildEmailPayload(hostileMessage(), { to: ["ops@example.com"] });
    expect(html).not.toMatch(/<script|<img|<svg|<b>|<i>|href="javascript/i);
    expect(html).toContain("&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &lt;b&gt;API&lt;/b&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("&lt;svg onload=alert(2)&gt;");
    expect(html).toContain("&#39;single&#39;");
    expect(html).not.toMatch(/href="(?!https:)/);
    // The javascript: link is shown as text, not linked.
    expect(html).toContain("&lt;b&gt;Click&lt;/b&gt;: javascript:alert(3)</p>");
    // The text part is plain text: the hostile strings are just text there.
    expect(text).toContain(HOSTILE_SUMMARY);
    expect(subject).toBe(`[DOWN] ${HOSTILE_TITLE}`);
  });

  it("renders any layout for other emails (subscribers): footer links, no badge, paragraphs", () => {
    const { html, text } = renderEmail({
      title: "Confirm your subscription",
      intro: "Hello,\n\nplease confirm.\nThanks",
      links: [{ label: "Confirm", url: "https://status.example.com/confirm?t=1&u=2", primary: true }],
      footer: "You asked for updates from Acme Status.",
      footerLinks: [{ label: "Unsubscribe", url: "https://status.example.com/unsubscribe?t=x" }],
    });
    expect(html).toContain('<p style="margin:0 0 12px;">Hello,</p><p style="margin:0 0 12px;">please confirm.<br>Thanks</p>');
    expect(html).toContain('href="https://status.example.com/confirm?t=1&amp;u=2"');
    expect(html).toContain('href="https://status.example.com/unsubscribe?t=x"');
    expect(text).toBe(
      "Confirm your subscription\n\nHello,\n\nplease confirm.\nThanks\n\nConfirm: https://status.example.com/confirm?t=1&u=2\n\n-- \nYou asked for updates from Acme Status.\nUnsubscribe: https://status.example.com/unsubscribe?t=x\n",
    );
  });

  it("derives the Message-ID from the idempotency key, encoding what a Message-ID cannot hold", () => {
    expect(emailMessageId("abc-123")).toBe("<abc-123@status-monitor>");
    expect(emailMessageId("alert:12:step:0:ops")).toBe("<alert%3A12%3Astep%3A0%3Aops@status-monitor>");
    expect(emailMessageId("a.b")).toBe("<a%2Eb@status-monitor>");
    expect(emailMessageId("a%2Eb")).toBe("<a%252Eb@status-monitor>");
  });

  it("wants a list of valid addresses", () => {
    expect(emailConfigSchema.safeParse({ to: ["ops@example.com", "oncall@example.org"] }).success).toBe(true);
    const bad = emailConfigSchema.safeParse({ to: ["ops@example.com", "not an address"] });
    expect(bad.error?.issues[0]).toMatchObject({ path: ["to", 1], message: 'expected an email address like ops@example.com, got "not an address"' });
    expect(emailConfigSchema.safeParse({ to: [] }).error?.issues[0].message).toBe("must list at least one email address");
    expect(emailConfigSchema.safeParse({ to: "ops@example.com" }).error?.issues[0].message).toBe("expected a list of email addresses, like [ops@example.com]");
  });
});

interface ReceivedMail {
  raw: Buffer;
  envelope: { from: string; to: string[] };
}

async function startSmtp(options: Partial<SMTPServerOptions> = {}) {
  const mails: ReceivedMail[] = [];
  const logins: { user: string; pass: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      logins.push({ user: auth.username ?? "", pass: auth.password ?? "" });
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        mails.push({
          raw: Buffer.concat(chunks),
          envelope: {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
          },
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { port, mails, logins, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function addresses(field: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => v.address ?? ""));
}

describe("email send over SMTP", () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>> | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await smtp?.close();
    smtp = undefined;
  });

  it("delivers a message a mail client can read: subject, from/to, text and HTML, links, Message-ID, headers", async () => {
    smtp = await startSmtp();
    vi.stubEnv("SMTP_URL", `smtp://alerts:p%40ss@127.0.0.1:${smtp.port}`);
    vi.stubEnv("SMTP_HOST", "");
    vi.stubEnv("SMTP_FROM", "Acme Status <status@acme.test>");

    const outcome = await deliver("email", { to: ["ops@example.com", "oncall@example.org"] }, sampleMessage(), SEND_OPTIONS);
    expect(outcome.detail).toMatch(/^SMTP 250 /);
    expect(smtp.logins).toEqual([{ user: "alerts", pass: "p@ss" }]);
    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail.envelope).toEqual({ from: "status@acme.test", to: ["ops@example.com", "oncall@example.org"] });

    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe("[DOWN] API is down");
    expect(parsed.from?.value).toEqual([{ name: "Acme Status", address: "status@acme.test" }]);
    expect(addresses(parsed.to)).toEqual(["ops@example.com", "oncall@example.org"]);
    expect(parsed.messageId).toBe("<alert%3A12%3Astep%3A0%3Aops@status-monitor>");
    expect(parsed.text).toContain("3 of 3 regions failed twice: connect ECONNREFUSED.");
    expect(parsed.text).toContain(`Acknowledge: ${ACK_URL}`);
    expect(parsed.html).toBeTruthy();
    expect(parsed.html).toContain(`href="${ACK_URL.replace(/&/g, "&amp;")}"`);
    expect(parsed.html).toContain(`href="${DASHBOARD_URL}"`);
    expect(parsed.headers.get("auto-submitted")).toBe("auto-generated");
    expect(parsed.headers.get("references")).toBe("<alert-12@thread.status-monitor>");
    // mailparser folds Importance and X-Priority into one "priority".
    expect(parsed.headers.get("priority")).toBe("high");
  });

  it("escapes hostile text all the way into the delivered HTML", async () => {
    smtp = await startSmtp();
    const settings: SmtpSettings = { host: "127.0.0.1", port: smtp.port, secure: false, from: "status@acme.test" };
    await sendEmail(buildEmailPayload(hostileMessage(), { to: ["ops@example.com"] }), settings, SEND_OPTIONS);
    const parsed = await simpleParser(smtp.mails[0].raw);
    expect(parsed.subject).toBe(`[DOWN] ${HOSTILE_TITLE}`);
    expect(parsed.html).not.toMatch(/<script|<img|<svg|href="javascript/i);
    expect(parsed.html).toContain("&lt;script&gt;");
  });

  it("sends a ready payload with its own from and Message-ID (for subscriber emails)", async () => {
    smtp = await startSmtp();
    const settings: SmtpSettings = { host: "127.0.0.1", port: smtp.port, secure: false, from: "status@acme.test" };
    const { text, html } = renderEmail({ title: "Incident update", intro: "We are investigating." });
    await sendEmail(
      { from: "Acme <news@acme.test>", to: ["reader@example.com"], subject: "Incident update", text, html, headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }, messageId: "<sub-1@acme.test>" },
      settings,
      SEND_OPTIONS,
    );
    const parsed = await simpleParser(smtp.mails[0].raw);
    expect(parsed.from?.value[0].address).toBe("news@acme.test");
    expect(parsed.messageId).toBe("<sub-1@acme.test>");
    expect(parsed.headerLines.find((h) => h.key === "list-unsubscribe-post")?.line).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
  });

  it("takes a 550 rejection as permanent", async () => {
    smtp = await startSmtp({ onRcptTo: (_address, _session, callback) => callback(smtpError("No such user here", 550)) });
    const settings: SmtpSettings = { host: "127.0.0.1", port: smtp.port, secure: false, from: "status@acme.test" };
    const error = await failure(sendEmail(buildEmailPayload(sampleMessage(), { to: ["nobody@example.com"] }), settings, SEND_OPTIONS));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: false });
    expect((error as Error).message).toMatch(/^email: SMTP server 127\.0\.0\.1:\d+ answered .*550 .*No such user here/);
    expect(smtp.mails).toHaveLength(0);
  });

  it("takes a 451 (try later) as retryable", async () => {
    smtp = await startSmtp({ onData: (stream, _session, callback) => stream.on("end", () => callback(smtpError("Greylisted, try again later", 451))).resume() });
    const settings: SmtpSettings = { host: "127.0.0.1", port: smtp.port, secure: false, from: "status@acme.test" };
    const error = await failure(sendEmail(buildEmailPayload(sampleMessage(), { to: ["ops@example.com"] }), settings, SEND_OPTIONS));
    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toMatch(/451 .*Greylisted/);
  });

  it("takes a closed port as retryable", async () => {
    const port = Number(new URL(await closedPortUrl()).port);
    const settings: SmtpSettings = { host: "127.0.0.1", port, secure: false, from: "status@acme.test" };
    const error = await failure(sendEmail(buildEmailPayload(sampleMessage(), { to: ["ops@example.com"] }), settings, SEND_OPTIONS));
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ retryable: true });
    expect((error as Error).message).toMatch(/^email: could not deliver to SMTP server 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it("gives up on a silent server at the deadline, retryably", async () => {
    // A TCP listener that never greets.
    const sockets: Socket[] = [];
    const mute = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => mute.listen(0, "127.0.0.1", resolve));
    try {
      const settings: SmtpSettings = { host: "127.0.0.1", port: (mute.address() as AddressInfo).port, secure: false, from: "status@acme.test" };
      const started = Date.now();
      const error = await failure(sendEmail(buildEmailPayload(sampleMessage(), { to: ["ops@example.com"] }), settings, { ...SEND_OPTIONS, timeoutMs: 400 }));
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(error).toMatchObject({ retryable: true, message: expect.stringContaining("within 400 ms") });
    } finally {
      for (const socket of sockets) socket.destroy();
      mute.close();
    }
  });

  it("reports missing SMTP settings as a non-retryable error naming the variable", async () => {
    vi.stubEnv("SMTP_URL", "");
    vi.stubEnv("SMTP_HOST", "");
    const error = await failure(emailChannel.send(buildEmailPayload(sampleMessage(), { to: ["ops@example.com"] }), { to: ["ops@example.com"] }, SEND_OPTIONS));
    expect(error).toMatchObject({ retryable: false, message: expect.stringMatching(/^email: SMTP is not configured: set SMTP_URL/) });
  });
});
