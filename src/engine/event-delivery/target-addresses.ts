import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where notification targets may not point unless the operator allows it
 * (`PIPEWRIGHT_ALLOW_PRIVATE_NOTIFICATION_TARGETS`): a rule is created by whoever reaches the API, and
 * a POST to the server's own loopback, a cloud metadata service (169.254.169.254) or a private network
 * would turn the server into the caller's proxy (SSRF). Ranges from IANA's special-purpose registries.
 */
const refusedRanges: readonly { cidr: string; what: string }[] = [
  { cidr: '0.0.0.0/8', what: 'this network' },
  { cidr: '10.0.0.0/8', what: 'private (RFC 1918)' },
  { cidr: '100.64.0.0/10', what: 'shared address space (carrier-grade NAT)' },
  { cidr: '127.0.0.0/8', what: 'loopback' },
  { cidr: '169.254.0.0/16', what: 'link-local (cloud metadata services live here)' },
  { cidr: '172.16.0.0/12', what: 'private (RFC 1918)' },
  { cidr: '192.0.0.0/24', what: 'IETF protocol assignments' },
  { cidr: '192.168.0.0/16', what: 'private (RFC 1918)' },
  { cidr: '198.18.0.0/15', what: 'benchmarking' },
  { cidr: '224.0.0.0/4', what: 'multicast' },
  { cidr: '240.0.0.0/4', what: 'reserved' },
  { cidr: '::/128', what: 'unspecified' },
  { cidr: '::1/128', what: 'loopback' },
  { cidr: '::ffff:0:0/96', what: 'IPv4-mapped' },
  { cidr: '64:ff9b::/96', what: 'IPv4/IPv6 translation' },
  { cidr: 'fc00::/7', what: 'unique local (private)' },
  { cidr: 'fe80::/10', what: 'link-local' },
  { cidr: 'ff00::/8', what: 'multicast' },
];

const blocks = refusedRanges.map(({ cidr, what }) => {
  const [network = '', prefix = ''] = cidr.split('/');
  const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
  const list = new BlockList();
  list.addSubnet(network, Number(prefix), family);
  return { list, family, cidr, what } as const;
});

/** Why `address` (an IP) may not be a notification target, or undefined when it may. */
export function refusedAddressReason(address: string): string | undefined {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const block = blocks.find((candidate) => candidate.family === family && candidate.list.check(address, family));
  return block === undefined ? undefined : `${address} is ${block.what} (${block.cidr})`;
}

export class RefusedTargetError extends Error {
  override readonly name = 'RefusedTargetError';
}

const settingHint = 'set PIPEWRIGHT_ALLOW_PRIVATE_NOTIFICATION_TARGETS=true to allow loopback, link-local and private targets';

/**
 * Why a target URL may not be used, checking the addresses its name resolves to now; undefined when it
 * may. The same check runs again for every connection (guardedLookup): a name that resolved to a public
 * address when the rule was made and to 127.0.0.1 when it is sent (DNS rebinding) is refused then.
 */
export async function targetUrlProblem(url: string, allowPrivate: boolean): Promise<string | undefined> {
  if (allowPrivate) return undefined;
  const host = hostOf(url);
  if (isIP(host) !== 0) {
    const reason = refusedAddressReason(host);
    return reason === undefined ? undefined : `target.url is refused: ${reason}; ${settingHint}.`;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      dnsLookup(host, { all: true }, (error, found) => (error ? reject(error) : resolve(found))),
    );
  } catch (error) {
    return `target.url is refused: its host ${host} does not resolve (${(error as Error).message}).`;
  }
  const reason = addresses.map((found) => refusedAddressReason(found.address)).find((found) => found !== undefined);
  return reason === undefined ? undefined : `target.url is refused: ${host} resolves to ${reason}; ${settingHint}.`;
}

/** The host of a URL as a connection would use it: IPv6 literals without brackets. */
export function hostOf(url: string): string {
  return new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * A `lookup` for http.request that refuses to connect to refused addresses, so the check covers the
 * address actually connected to (IP literals do not go through lookup: check them with refusedAddressReason).
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true } as LookupAllOptions, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const reason = allowPrivate ? undefined : addresses.map((found) => refusedAddressReason(found.address)).find((found) => found !== undefined);
      if (reason !== undefined) return callback(new RefusedTargetError(`${hostname} resolves to ${reason}; ${settingHint}`), '', 4);
      if ((options as { all?: boolean }).all === true) return (callback as unknown as (error: null, all: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (first === undefined) return callback(new RefusedTargetError(`${hostname} resolves to no address`), '', 4);
      return callback(null, first.address, first.family);
    });
  };
}
