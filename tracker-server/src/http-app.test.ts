import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestTracker, trackerTestBed } from './test-fixtures.ts';

/** The plain HTTP side: health, the built client, client-side routes, and the hint when nothing is built. */

describe('tracker http', () => {
  const bed = trackerTestBed();
  let staticDir = '';
  const get = (pathname: string, init?: RequestInit) => fetch(`${bed.url}${pathname}`, init);

  beforeAll(async () => {
    staticDir = await mkdtemp(path.join(tmpdir(), 'minibit-static-'));
    await writeFile(path.join(staticDir, 'index.html'), '<!doctype html><title>MiniBit</title>');
    await writeFile(path.join(staticDir, 'dashboard.html'), '<!doctype html><title>Dashboard</title>');
    await mkdir(path.join(staticDir, 'assets'));
    await writeFile(path.join(staticDir, 'assets', 'app.js'), 'console.log("app")');
  });
  afterAll(async () => {
    await rm(staticDir, { recursive: true, force: true });
  });

  it('reports health as JSON', async () => {
    await bed.start({ staticDir });
    expect(await (await get('/health')).json()).toEqual({ ok: true, peers: 0, swarms: 0 });
    await bed.connect();
    expect(await (await get('/health')).json()).toEqual({ ok: true, peers: 1, swarms: 0 });
  });

  it('serves the built client and falls back to index.html for client-side routes', async () => {
    await bed.start({ staticDir });
    const cases = [
      { pathname: '/', status: 200, body: /<title>MiniBit<\/title>/ },
      { pathname: '/assets/app.js', status: 200, body: /console\.log/ },
      { pathname: '/swarm/abc', status: 200, body: /<title>MiniBit<\/title>/ },
      { pathname: '/missing.js', status: 404, body: /Not found/ },
      { pathname: '/ws', status: 426, body: /WebSocket/ },
      { pathname: '/ws/deeper', status: 404, body: /Not found/ },
      { pathname: '/dashboard', status: 200, body: /<title>Dashboard<\/title>/ },
      { pathname: '/dashboard/', status: 200, body: /<title>Dashboard<\/title>/ },
      { pathname: '/dashboard/ws', status: 426, body: /WebSocket/ },
      { pathname: '/dashboard/ws/deeper', status: 404, body: /Not found/ },
    ];
    for (const { pathname, status, body } of cases) {
      const response = await get(pathname);
      expect({ pathname, status: response.status }).toEqual({ pathname, status });
      expect(await response.text()).toMatch(body);
    }
    expect((await get('/swarm/abc', { method: 'POST' })).status).toBe(404);
  });

  it('tells to run the build when there is no index.html', async () => {
    await bed.start({ staticDir: path.join(staticDir, 'assets') });
    const response = await get('/');
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/npm run build/);
    expect((await get('/assets-free-route')).status).toBe(200);
  });

  it('fails to start on a port that is taken, and can be started elsewhere', async () => {
    const first = await bed.start({ staticDir });
    await expect(startTestTracker({ port: first.port })).rejects.toThrow(/EADDRINUSE/);
    expect((await get('/health')).status).toBe(200);
  });
});
