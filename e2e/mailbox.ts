/**
 * A real SMTP server on 127.0.0.1 for the end-to-end tests: the product started by global-setup
 * sends its email here (SMTP_URL), and every message is written as an .eml file into a folder
 * that the specs read (E2E_MAIL_DIR), since specs run in other processes than global-setup.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { waitUntil } from "../lib/testing/wait";

export async function startMailbox(dir: string): Promise<{ url: string; dir: string; close: () => Promise<void> }> {
  mkdirSync(dir, { recursive: true });
  let n = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const name = `${String(++n).padStart(5, "0")}.eml`;
        writeFileSync(join(dir, name), Buffer.concat(chunks));
        writeFileSync(join(dir, `${name}.rcpt`), session.envelope.rcptTo.map((r) => r.address).join("\n"));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, dir, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface Mail {
  to: string[];
  parsed: ParsedMail;
  /** Header lines as sent ("List-Unsubscribe" → its raw value). */
  header(name: string): string | undefined;
}

/** Every message received so far, oldest first. */
export async function readMailbox(dir = process.env.E2E_MAIL_DIR!): Promise<Mail[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(
    files.map(async (f) => {
      const parsed = await simpleParser(readFileSync(join(dir, f)));
      const to = readFileSync(join(dir, `${f}.rcpt`), "utf8").split("\n").filter(Boolean);
      const header = (name: string) => {
        const line = parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
        return line?.slice(line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim();
      };
      return { to, parsed, header };
    }),
  );
}

/** Waits until a message to `address` matching `subject` has arrived. */
export async function waitForMail(address: string, subject: RegExp, timeoutMs = 30_000): Promise<Mail> {
  const find = async () => (await readMailbox()).find((m) => m.to.includes(address) && subject.test(m.parsed.subject ?? ""));
  return (await waitUntil(`an email to ${address} with a subject like ${subject}`, find, (m) => m !== undefined, timeoutMs, { intervalMs: 250 }))!;
}
