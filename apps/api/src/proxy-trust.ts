import { BlockList, isIP } from 'node:net';

/** Address ranges that can be named in TRUSTED_PROXIES instead of spelled out. */
const named: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  // Where a cluster's pods and a compose network's containers live.
  private: [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    'fc00::/7',
    '169.254.0.0/16',
    'fe80::/10',
  ],
};

/** Whether a TRUSTED_PROXIES entry is a name above, an address or an address/prefix. */
export function isProxyRange(entry: string): boolean {
  if (entry in named || entry === 'none') return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

/**
 * Fastify's trustProxy: believe X-Forwarded-For for exactly one hop, and only when the peer
 * that sent it is one of our proxies (the web app's). The client address is then the last
 * entry, the one that proxy wrote; whatever a client put before it is ignored.
 */
export function trustOneProxyHop(entries: string[]): (address: string, hop: number) => boolean {
  const list = new BlockList();
  for (const entry of entries.flatMap((e) => named[e] ?? (e === 'none' ? [] : [e]))) {
    const [address, prefix] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return (address, hop) => {
    if (hop !== 0) return false;
    // A dual-stack socket reports IPv4 peers as ::ffff:a.b.c.d.
    const plain = address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
    const type = isIP(plain) === 6 ? 'ipv6' : 'ipv4';
    return isIP(plain) !== 0 && list.check(plain, type);
  };
}
