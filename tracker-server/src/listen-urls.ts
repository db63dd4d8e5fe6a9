import type { NetworkInterfaceInfo } from 'node:os';

/**
 * The URLs to print once the tracker listens: one for this machine, one per LAN address so a phone
 * or another laptop can open the page; and, for --https, the names its certificate must cover.
 * Tracks nothing; the interface list is passed in.
 */

export type Scheme = 'http' | 'https';

const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);

export function isWildcardHost(host: string): boolean {
  return WILDCARD_HOSTS.has(host);
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

function urlFor(scheme: Scheme, host: string, port: number): string {
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/** A URL a process on this machine can always reach (no localhost → ::1 surprises). */
export function reachableUrl(host: string, port: number, scheme: Scheme = 'http'): string {
  return urlFor(scheme, isWildcardHost(host) || isLoopbackHost(host) ? '127.0.0.1' : host, port);
}

/** What a person on this machine types into the browser. */
export function localUrl(host: string, port: number, scheme: Scheme = 'http'): string {
  return urlFor(scheme, isWildcardHost(host) ? 'localhost' : host, port);
}

/**
 * The machine's non-internal IPv4 addresses. IPv6 LAN addresses are left out: they are long to type
 * and link-local ones need a zone id browsers do not accept.
 */
export function lanAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  return Object.values(interfaces).flatMap((infos) =>
    (infos ?? []).filter((info) => info.family === 'IPv4' && !info.internal).map((info) => info.address),
  );
}

/** One URL per LAN address, when listening on every interface. */
export function lanUrls(
  host: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  scheme: Scheme = 'http',
): string[] {
  if (!isWildcardHost(host)) return [];
  return lanAddresses(interfaces).map((address) => urlFor(scheme, address, port));
}

/**
 * The peer page's URL for a class, for its QR code: the first LAN URL when listening on every
 * interface (what a student's device can reach), else the URL of the host it listens on.
 */
export function joinUrl(
  host: string,
  port: number,
  interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>,
  scheme: Scheme = 'http',
): string {
  return lanUrls(host, port, interfaces, scheme)[0] ?? localUrl(host, port, scheme);
}

/**
 * Every name a browser may reach the tracker by, for a certificate to cover: localhost, 127.0.0.1,
 * the host it listens on (unless that is every interface) and each LAN address.
 */
export function certificateHosts(host: string, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): string[] {
  const own = isWildcardHost(host) ? [] : [host];
  return [...new Set(['localhost', '127.0.0.1', ...own, ...lanAddresses(interfaces)])];
}
