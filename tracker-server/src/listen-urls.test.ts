import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { certificateHosts, joinUrl, lanUrls, localUrl, reachableUrl } from './listen-urls.ts';

const nic = (address: string, family: 'IPv4' | 'IPv6', internal = false) =>
  ({ address, family, internal, netmask: '', mac: '', cidr: null }) as NetworkInterfaceInfo;

const interfaces = {
  lo: [nic('127.0.0.1', 'IPv4', true), nic('::1', 'IPv6', true)],
  eth0: [nic('192.168.1.5', 'IPv4'), nic('fe80::1', 'IPv6')],
  wlan0: [nic('10.0.0.7', 'IPv4')],
};

describe('listen URLs', () => {
  const cases = [
    { host: '0.0.0.0', local: 'http://localhost:8080', reachable: 'http://127.0.0.1:8080', lan: 2 },
    { host: '::', local: 'http://localhost:8080', reachable: 'http://127.0.0.1:8080', lan: 2 },
    { host: '127.0.0.1', local: 'http://127.0.0.1:8080', reachable: 'http://127.0.0.1:8080', lan: 0 },
    { host: '192.168.1.5', local: 'http://192.168.1.5:8080', reachable: 'http://192.168.1.5:8080', lan: 0 },
    { host: 'fd00::5', local: 'http://[fd00::5]:8080', reachable: 'http://[fd00::5]:8080', lan: 0 },
  ];
  it.each(cases)('on $host', ({ host, local, reachable, lan }) => {
    expect(localUrl(host, 8080)).toBe(local);
    expect(reachableUrl(host, 8080)).toBe(reachable);
    expect(lanUrls(host, 8080, interfaces)).toHaveLength(lan);
  });

  it('lists every non-internal IPv4 address when listening everywhere', () => {
    expect(lanUrls('0.0.0.0', 8080, interfaces)).toEqual(['http://192.168.1.5:8080', 'http://10.0.0.7:8080']);
  });

  it('says https:// when serving https', () => {
    expect(localUrl('0.0.0.0', 8443, 'https')).toBe('https://localhost:8443');
    expect(reachableUrl('::', 8443, 'https')).toBe('https://127.0.0.1:8443');
    expect(lanUrls('0.0.0.0', 8443, interfaces, 'https')).toEqual([
      'https://192.168.1.5:8443',
      'https://10.0.0.7:8443',
    ]);
  });

  it.each([
    { host: '0.0.0.0', url: 'http://192.168.1.5:8080', why: 'every interface: the first LAN address' },
    { host: '127.0.0.1', url: 'http://127.0.0.1:8080', why: 'loopback only: the loopback address' },
    { host: 'minibit.lan', url: 'http://minibit.lan:8080', why: 'one named host: that name' },
  ])('the join URL for $host is $url ($why)', ({ host, url }) => {
    expect(joinUrl(host, 8080, interfaces)).toBe(url);
  });

  it('falls back to localhost for the join URL when no LAN interface is up', () => {
    expect(joinUrl('0.0.0.0', 8080, {})).toBe('http://localhost:8080');
  });

  const certificateCases = [
    { host: '0.0.0.0', hosts: ['localhost', '127.0.0.1', '192.168.1.5', '10.0.0.7'] },
    { host: '127.0.0.1', hosts: ['localhost', '127.0.0.1', '192.168.1.5', '10.0.0.7'] },
    { host: 'minibit.lan', hosts: ['localhost', '127.0.0.1', 'minibit.lan', '192.168.1.5', '10.0.0.7'] },
  ];
  it.each(certificateCases)('a certificate for $host covers every way in', ({ host, hosts }) => {
    expect(certificateHosts(host, interfaces)).toEqual(hosts);
  });
});
