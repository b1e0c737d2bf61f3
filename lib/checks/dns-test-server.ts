/**
 * A tiny authoritative DNS server over UDP for check tests (test-only): answers fixed records of
 * a test zone, NODATA for a known name without records of the asked type, NXDOMAIN otherwise,
 * and SERVFAIL / REFUSED for names set up to fail. `silent: true` makes one that never answers.
 */
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";

export type TestDnsRecord =
  | { type: "A"; address: string }
  | { type: "AAAA"; address: string }
  | { type: "CNAME"; name: string }
  | { type: "NS"; name: string }
  | { type: "MX"; priority: number; exchange: string }
  /** Each string is one character-string (≤ 255 bytes) of the record. */
  | { type: "TXT"; chunks: string[] };

export interface TestDnsServer {
  /** "127.0.0.1:PORT", ready for the dns check's `server` field. */
  server: string;
  port: number;
  /** Queries received so far. */
  queries: () => number;
  close: () => Promise<void>;
}

const TYPE_CODES = { A: 1, NS: 2, CNAME: 5, MX: 15, TXT: 16, AAAA: 28 } as const;
const RCODE = { noError: 0, serverFailure: 2, nameError: 3, refused: 5 } as const;

export interface TestZone {
  /** Lower-case name without the trailing dot → its records. */
  records: Record<string, TestDnsRecord[]>;
  /** Names answered with SERVFAIL. */
  serverFailure?: string[];
  /** Names answered with REFUSED. */
  refused?: string[];
}

export function startDnsServer(zone: TestZone, opts: { silent?: boolean; host?: string } = {}): Promise<TestDnsServer> {
  const host = opts.host ?? "127.0.0.1";
  const socket = dgram.createSocket(host.includes(":") ? "udp6" : "udp4");
  let queries = 0;
  socket.on("message", (query, peer) => {
    queries += 1;
    if (opts.silent) return;
    const response = answer(query, zone);
    if (response) socket.send(response, peer.port, peer.address);
  });
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(0, host, () => {
      const { port } = socket.address() as AddressInfo;
      resolve({
        server: host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`,
        port,
        queries: () => queries,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}

/** Reads the question's name; returns the name and the offset just after it. */
function readName(message: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  for (;;) {
    const length = message[offset];
    if (length === undefined) throw new Error("truncated name");
    offset += 1;
    if (length === 0) break;
    labels.push(message.subarray(offset, offset + length).toString("latin1"));
    offset += length;
  }
  return { name: labels.join("."), end: offset };
}

function encodeName(name: string): Buffer {
  const parts = name.replace(/\.$/, "").split(".").filter(Boolean);
  return Buffer.concat([...parts.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, "latin1")])), Buffer.from([0])]);
}

/** "2001:db8::1" → 16 bytes (no embedded IPv4 forms: the test zone does not need them). */
function ipv6Bytes(address: string): Buffer {
  const halves = address.split("::");
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length > 1 && halves[1] ? halves[1].split(":") : [];
  const groups = halves.length > 1 ? [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail] : head;
  const bytes = Buffer.alloc(16);
  groups.forEach((group, i) => bytes.writeUInt16BE(parseInt(group, 16), i * 2));
  return bytes;
}

function rdata(record: TestDnsRecord): Buffer {
  switch (record.type) {
    case "A":
      return Buffer.from(record.address.split(".").map(Number));
    case "AAAA":
      return ipv6Bytes(record.address);
    case "CNAME":
    case "NS":
      return encodeName(record.name);
    case "MX": {
      const priority = Buffer.alloc(2);
      priority.writeUInt16BE(record.priority);
      return Buffer.concat([priority, encodeName(record.exchange)]);
    }
    case "TXT":
      return Buffer.concat(record.chunks.map((chunk) => Buffer.concat([Buffer.from([Buffer.byteLength(chunk)]), Buffer.from(chunk)])));
  }
}

function answer(query: Buffer, zone: TestZone): Buffer | undefined {
  if (query.length < 12) return undefined;
  let question: { name: string; end: number };
  try {
    question = readName(query, 12);
  } catch {
    return undefined;
  }
  const questionEnd = question.end + 4;
  if (questionEnd > query.length) return undefined;
  const qtype = query.readUInt16BE(question.end);
  // Names are case-insensitive; resolvers may randomise the case (DNS 0x20) and expect it echoed.
  const name = question.name.toLowerCase().replace(/\.$/, "");

  let rcode: number = RCODE.noError;
  let answers: TestDnsRecord[] = [];
  if (zone.serverFailure?.includes(name)) rcode = RCODE.serverFailure;
  else if (zone.refused?.includes(name)) rcode = RCODE.refused;
  else if (!(name in zone.records)) rcode = RCODE.nameError;
  else answers = zone.records[name].filter((r) => TYPE_CODES[r.type] === qtype);

  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  const recursionDesired = query[2] & 0x01;
  header[2] = 0x80 | 0x04 | recursionDesired; // QR, AA, RD as asked
  header[3] = 0x80 | rcode; // RA, RCODE
  header.writeUInt16BE(1, 4); // QDCOUNT
  header.writeUInt16BE(answers.length, 6); // ANCOUNT
  const records = answers.map((record) => {
    const data = rdata(record);
    const fixed = Buffer.alloc(12);
    fixed.writeUInt16BE(0xc00c, 0); // pointer to the question's name at offset 12
    fixed.writeUInt16BE(TYPE_CODES[record.type], 2);
    fixed.writeUInt16BE(1, 4); // class IN
    fixed.writeUInt32BE(60, 6); // TTL
    fixed.writeUInt16BE(data.length, 10);
    return Buffer.concat([fixed, data]);
  });
  return Buffer.concat([header, query.subarray(12, questionEnd), ...records]);
}
