import { describe, expect, it } from 'vitest';
import { classifyAddress, hostOf, isAllowListed, normalizeAllowedHost } from './address-policy.js';

describe('outbound address classifier', () => {
  const refused: Array<[string, string]> = [
    ['127.0.0.1', 'loopback'], ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'], ['10.255.255.255', 'private'], ['172.16.0.1', 'private'], ['172.31.255.255', 'private'], ['192.168.1.1', 'private'],
    ['169.254.169.254', 'linkLocal'], ['100.64.0.1', 'carrierGradeNat'], ['100.127.255.255', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'], ['0.1.2.3', 'unspecified'], ['224.0.0.1', 'multicast'], ['239.255.255.250', 'multicast'],
    ['255.255.255.255', 'broadcast'], ['240.0.0.1', 'reserved'], ['192.0.2.1', 'reserved'], ['198.18.0.1', 'reserved'],
    ['::1', 'loopback'], ['::', 'unspecified'], ['fe80::1', 'linkLocal'], ['febf::1', 'linkLocal'], ['fc00::1', 'uniqueLocal'], ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'], ['fec0::1', 'deprecatedSiteLocal'],
    // IPv4-mapped IPv6, dotted and hex, judged as the IPv4 address inside.
    ['::ffff:127.0.0.1', 'loopback'], ['::ffff:7f00:1', 'loopback'], ['::ffff:10.0.0.1', 'private'], ['::ffff:169.254.169.254', 'linkLocal'], ['0:0:0:0:0:ffff:c0a8:0101', 'private'],
    // Other IPv6 forms that embed an IPv4 address, refused whatever they embed.
    ['::127.0.0.1', 'loopback'], ['::808:808', 'not_global_unicast'], ['::ffff:0:7f00:1', 'rfc6145'], ['64:ff9b::7f00:1', 'rfc6052'], ['2002:7f00:1::1', '6to4'], ['2001:0:4136:e378::1', 'teredo'],
    ['2001:db8::1', 'reserved'], ['100::1', 'discard'],
    ['not an address', 'invalid'], ['', 'invalid'],
  ];
  it.each(refused)('refuses %s (%s)', (address, range) => {
    expect(classifyAddress(address)).toEqual({ allowed: false, range });
  });

  it.each(['8.8.8.8', '140.82.112.3', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '2a00:1450:4001:81a::200e', '::ffff:8.8.8.8'])('allows the public address %s', (address) => {
    expect(classifyAddress(address)).toEqual({ allowed: true });
  });

  it('sees numeric hosts in odd forms as the IP literals the URL parser makes of them', () => {
    const cases: Array<[string, string]> = [
      ['https://2130706433/', '127.0.0.1'], ['https://0x7f000001/', '127.0.0.1'], ['https://0177.0.0.1/', '127.0.0.1'], ['https://0x7f.1/', '127.0.0.1'],
      ['https://127.1/', '127.0.0.1'], ['https://[::ffff:127.0.0.1]/', '::ffff:7f00:1'], ['https://[0:0:0:0:0:0:0:1]/', '::1'], ['https://LOCALHOST./', 'localhost.'],
      ['https://012.0.0.1/', '10.0.0.1'], ['https://0xa9fea9fe/', '169.254.169.254'],
    ];
    for (const [url, host] of cases) {
      const h = hostOf(new URL(url));
      expect({ url, h }).toEqual({ url, h: host });
      if (h !== 'localhost.') expect({ url, allowed: classifyAddress(h).allowed }).toEqual({ url, allowed: false });
    }
  });

  it('matches the allow-list exactly, by host name or address in any spelling', () => {
    const allowed = ['gitlab.corp.internal', '10.1.2.3', '[::1]', 'GHES.Example.COM.', '::ffff:127.0.0.1'].map(normalizeAllowedHost);
    expect(isAllowListed('gitlab.corp.internal', allowed)).toBe(true);
    expect(isAllowListed('gitlab.corp.internal.', allowed)).toBe(true);
    expect(isAllowListed('ghes.example.com', allowed)).toBe(true);
    expect(isAllowListed('10.1.2.3', allowed)).toBe(true);
    expect(isAllowListed('::1', allowed)).toBe(true);
    expect(isAllowListed('127.0.0.1', allowed)).toBe(true);
    expect(isAllowListed('::ffff:7f00:1', allowed)).toBe(true);
    expect(isAllowListed('evil.gitlab.corp.internal', allowed)).toBe(false);
    expect(isAllowListed('10.1.2.4', allowed)).toBe(false);
    expect(isAllowListed('127.0.0.2', allowed)).toBe(false);
  });
});
