import type { NetworkInterfaceInfo } from 'node:os';

/**
 * The URLs to print once the tracker listens: one for this machine, one per LAN address so a phone
 * or another laptop can open the page. Tracks nothing; the interface list is passed in.
 */

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host);
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function urlFor(host: string, port: number): string {
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A URL a process on this machine can always reach (no localhost → ::1 surprises). */
export function reachableUrl(host: string, port: number): string {
  return urlFor(isWildcardHost(host) || isLoopbackHost(host) ? '127.0.0.1' : host, port);
}

/** What a person on this machine types into the browser. */
export function localUrl(host: string, port: number): string {
  return urlFor(isWildcardHost(host) ? 'localhost' : host, port);
}

/**
 * One URL per non-internal IPv4 address, when listening on every interface. IPv6 LAN addresses are
 * left out: they are long to type and link-local ones need a zone id browsers do not accept.
 */
export function lanUrls(
  host: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
): string[] {
  if (!isWildcardHost(host)) return [];
  const urls: string[] = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family === 'IPv4' && !info.internal) urls.push(urlFor(info.address, port));
    }
  }
  return urls;
}
