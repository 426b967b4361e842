// IP allowlists (R-IP-1): single addresses and CIDR ranges, IPv4 and IPv6, matched with ipaddr.js.
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1, as Node reports IPv4 clients on dual-stack
// sockets) are compared as the IPv4 address they are.
import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;

function normalize(address: Address): Address {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

function parseEntry(entry: string): [Address, number] | null {
  try {
    if (entry.includes('/')) {
      const [address, bits] = ipaddr.parseCIDR(entry);
      return [normalize(address), address.kind() === 'ipv6' && normalize(address).kind() === 'ipv4' ? bits - 96 : bits];
    }
    const address = normalize(ipaddr.parse(entry));
    return [address, address.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

/** True when the entry is a valid address or CIDR range. */
export function isValidAllowlistEntry(entry: string): boolean {
  return parseEntry(entry.trim()) !== null;
}

/** An empty list allows every address; an unparsable client address is never allowed by a list. */
export function ipAllowed(allowlist: readonly string[], clientIp: string): boolean {
  if (allowlist.length === 0) return true;
  let client: Address;
  try {
    client = normalize(ipaddr.parse(clientIp));
  } catch {
    return false;
  }
  return allowlist.some((entry) => {
    const range = parseEntry(entry.trim());
    return range !== null && range[0].kind() === client.kind() && client.match(range as [never, number]);
  });
}
