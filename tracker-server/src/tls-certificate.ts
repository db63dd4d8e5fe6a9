import { isIP } from 'node:net';
import { generate } from 'selfsigned';

/**
 * A self-signed TLS certificate for `--https`, made at start and kept in memory only. Tracks nothing.
 * It names every host the tracker can be reached by (localhost, 127.0.0.1, the LAN addresses), so a
 * browser's one warning is about the issuer, not about a name that does not match.
 */

export interface TlsCredentials {
  /** PEM private key. */
  key: string;
  /** PEM certificate. */
  cert: string;
}

export interface SelfSignedOptions {
  /** Host names and IP addresses the certificate is valid for (each becomes a subjectAltName). */
  hosts: string[];
  /** How long it stays valid. Default 30 days: a term, not forever. */
  validDays?: number;
  /** The clock. Default: now. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_VALID_DAYS = 30;
/** Valid from a day before now, so a student device whose clock runs a little behind accepts it. */
const CLOCK_SKEW_MS = DAY_MS;

/** subjectAltName entry types (RFC 5280 §4.2.1.6). */
const SAN_DNS = 2 as const;
const SAN_IP = 7 as const;

export async function selfSignedCertificate({
  hosts,
  validDays = DEFAULT_VALID_DAYS,
  now = new Date(),
}: SelfSignedOptions): Promise<TlsCredentials> {
  if (hosts.length === 0) throw new RangeError('a certificate needs at least one host');
  const altNames = [...new Set(hosts)].map((host) =>
    isIP(host) === 0 ? { type: SAN_DNS, value: host } : { type: SAN_IP, ip: host },
  );
  const pems = await generate([{ name: 'commonName', value: 'MiniBit tracker (self-signed)' }], {
    // P-256 is generated in milliseconds (RSA takes a noticeable moment) and every browser accepts it.
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - CLOCK_SKEW_MS),
    notAfterDate: new Date(now.getTime() + validDays * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
