import { get } from 'node:https';
import { beforeAll, describe, expect, it } from 'vitest';
import { trackerTestBed } from './test-fixtures.ts';
import { selfSignedCertificate, type TlsCredentials } from './tls-certificate.ts';

/** `tls`: the same tracker over https and wss, on one port, with a certificate made for 127.0.0.1. */

function getText(url: string, ca?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('tracker over https', () => {
  const bed = trackerTestBed();
  let tls: TlsCredentials;
  beforeAll(async () => {
    tls = await selfSignedCertificate({ hosts: ['localhost', '127.0.0.1'] });
  });

  it('answers /health over https at an https:// url', async () => {
    const tracker = await bed.start({ tls });
    expect(tracker.url).toBe(`https://127.0.0.1:${tracker.port}`);
    // The certificate is its own issuer: trusting it is what clicking through the warning does.
    const response = await getText(`${tracker.url}/health`, tls.cert);
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ ok: true, peers: 0, swarms: 0 });
  });

  it('is refused by a client that has not trusted the certificate', async () => {
    const tracker = await bed.start({ tls });
    await expect(getText(`${tracker.url}/health`)).rejects.toThrow(/self[- ]signed/i);
  });

  it('welcomes a wss:// socket on the same port', async () => {
    await bed.start({ tls });
    const client = await bed.connect({ rejectUnauthorized: false });
    expect(client.socket.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect(client.received.map((m) => m.type)).toEqual(['welcome', 'catalog']);
    expect(client.peerId).not.toBe('');
  });
});
