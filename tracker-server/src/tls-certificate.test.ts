import { createPrivateKey, X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { selfSignedCertificate } from './tls-certificate.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('selfSignedCertificate', () => {
  const now = new Date('2026-03-02T09:00:00Z');

  it('covers every requested name and address, and nothing else', async () => {
    const { cert } = await selfSignedCertificate({
      hosts: ['localhost', '127.0.0.1', '192.168.1.20', 'localhost'],
      now,
    });
    const certificate = new X509Certificate(cert);
    expect(certificate.subjectAltName?.split(', ')).toEqual([
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:192.168.1.20',
    ]);
    expect(certificate.checkHost('localhost')).toBe('localhost');
    expect(certificate.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(certificate.checkIP('192.168.1.21')).toBeUndefined();
    expect(certificate.ca).toBe(false);
  });

  it('is valid from a day before now for 30 days by default, or as many as asked', async () => {
    const cases = [
      { validDays: undefined, days: 30 },
      { validDays: 7, days: 7 },
    ];
    for (const { validDays, days } of cases) {
      const certificate = new X509Certificate(
        (await selfSignedCertificate({ hosts: ['localhost'], now, validDays })).cert,
      );
      expect(new Date(certificate.validFrom).getTime()).toBe(now.getTime() - DAY_MS);
      expect(new Date(certificate.validTo).getTime()).toBe(now.getTime() + days * DAY_MS);
    }
  });

  it('returns the private key that matches the certificate, and a new pair each time', async () => {
    const first = await selfSignedCertificate({ hosts: ['localhost'] });
    const second = await selfSignedCertificate({ hosts: ['localhost'] });
    expect(new X509Certificate(first.cert).checkPrivateKey(createPrivateKey(first.key))).toBe(true);
    expect(new X509Certificate(first.cert).checkPrivateKey(createPrivateKey(second.key))).toBe(false);
  });

  it('refuses to make a certificate for no host', async () => {
    await expect(selfSignedCertificate({ hosts: [] })).rejects.toThrow(/at least one host/);
  });
});
