/**
 * Test-only: a real SMTP server on 127.0.0.1 (the smtp-server package) that keeps every message
 * it receives, parsed with mailparser, so tests assert on what a mail client would see.
 */
import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { waitUntil } from "../testing/wait";

export interface ReceivedMail {
  raw: string;
  parsed: ParsedMail;
  to: string[];
  at: number;
}

export interface SmtpRecorder {
  port: number;
  /** SMTP_URL for lib/notify/email.ts smtpSettingsFromEnv. */
  url: string;
  mails: ReceivedMail[];
  /** Reject the next messages with this SMTP reply (e.g. 550) while set. */
  rejectWith: { code: number; message: string } | null;
  /** Resolves when at least `count` messages arrived (rejects after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export async function startSmtpRecorder(): Promise<SmtpRecorder> {
  const mails: ReceivedMail[] = [];
  const recorder = { rejectWith: null } as SmtpRecorder;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        if (recorder.rejectWith) {
          const err = Object.assign(new Error(recorder.rejectWith.message), { responseCode: recorder.rejectWith.code });
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw).then(
          (parsed) => {
            mails.push({ raw, parsed, to: session.envelope.rcptTo.map((r) => r.address), at: Date.now() });
            callback();
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return Object.assign(recorder, {
    port,
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async waitFor(count: number, timeoutMs = 10_000) {
      await waitUntil(`${count} email(s)`, () => mails.length, (n) => n >= count, timeoutMs, { intervalMs: 50 });
      return mails;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
