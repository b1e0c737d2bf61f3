import { BlockList, isIP } from "node:net";

/**
 * Target safety policy. With PROBE_BLOCK_PRIVATE=1 the probe refuses to connect to loopback,
 * private, link-local, carrier-grade NAT and cloud-metadata addresses, so that someone who may
 * add monitors cannot use the probe to reach the network it runs in. The check happens on the
 * resolved address at connect time, for every connection (every redirect hop), so a name that
 * re-resolves to a private address (DNS rebinding) is caught too.
 *
 * The same policy holds for every outbound connection the product makes, all through
 * lib/checks/connector.ts: checks (http, tcp, tls, and browser checks through their loopback
 * proxy), alert channels (lib/notify/http.ts), and, always on whatever PROBE_BLOCK_PRIVATE says,
 * webhooks to public subscribers (lib/notify/subscriber-webhook.ts).
 */
export interface TargetPolicy {
  blockPrivate: boolean;
}

export function policyFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): TargetPolicy {
  const value = (env.PROBE_BLOCK_PRIVATE ?? "").trim().toLowerCase();
  return { blockPrivate: value === "1" || value === "true" || value === "yes" };
}

export const OPEN_POLICY: TargetPolicy = { blockPrivate: false };

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, incl. 169.254.169.254 (cloud metadata)
  ["172.16.0.0", 12],
  ["192.0.0.0", 24], // IETF protocol assignments
  ["192.168.0.0", 16],
  ["198.18.0.0", 15], // benchmarking
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, incl. broadcast
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["fc00::", 7], // unique local, incl. fd00:ec2::254 (AWS metadata over IPv6)
  ["fe80::", 10], // link-local
  ["ff00::", 8], // multicast
  ["64:ff9b::", 96], // NAT64: may embed a private IPv4 address
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** IPv4 inside IPv6 (::ffff:10.0.0.1) is judged as the IPv4 address it carries. */
function unwrapMapped(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1] : address;
}

export function isPrivateAddress(address: string): boolean {
  const a = unwrapMapped(address);
  const family = isIP(a);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  return blocked.check(a, family === 4 ? "ipv4" : "ipv6");
}

/**
 * A policy as the connector applies it: given the name being connected to and one address it
 * resolved to, the refusal in words, or undefined when that address may be reached.
 */
export type AddressJudge = (hostname: string, address: string) => string | undefined;

/** The judge of a policy; undefined when the policy lets everything through. */
export function judgeOf(policy: TargetPolicy | undefined): AddressJudge | undefined {
  return policy?.blockPrivate ? (hostname, address) => refusal(policy, hostname, address) : undefined;
}

/** The refusal, in words a user can act on; undefined when the address may be reached. */
export function refusal(policy: TargetPolicy, hostname: string, address: string): string | undefined {
  if (!policy.blockPrivate || !isPrivateAddress(address)) return undefined;
  const where = hostname === address ? address : `${hostname} (${address})`;
  return `refused to connect to ${where}: private, loopback, link-local and metadata addresses are blocked (PROBE_BLOCK_PRIVATE=1)`;
}
