import { existsSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import path from 'node:path';
import { DASHBOARD_PAGE_PATH, DASHBOARD_SOCKET_PATH } from '@minibit/protocol';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Logger } from 'pino';

/**
 * The plain HTTP side of the tracker. Tracks nothing; it serves:
 *   - GET /health        → { ok: true, peers, swarms } as JSON, for scripts and test harnesses;
 *   - /ws and /dashboard/ws without an upgrade → 426, since those paths belong to the WebSocket servers;
 *   - GET /dashboard     → the teacher's dashboard page (dashboard.html; its key is in the URL fragment);
 *   - the built web client from `staticDir`;
 *   - index.html for any other GET path without a file extension, so client-side routes survive reload.
 */

export interface HttpAppOptions {
  staticDir: string;
  socketPath: string;
  health: () => { peers: number; swarms: number };
  logger: Logger;
}

const BUILD_HINT =
  'MiniBit tracker is running, but the web client has not been built.\n' +
  'Run `npm run build` in the repository root (or `npm start`), then reload this page.\n';

export function createHttpApp({ staticDir, socketPath, health, logger }: HttpAppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/health', (_req, res) => {
    res.set('Cache-Control', 'no-store').json({ ok: true, ...health() });
  });

  app.all([socketPath, DASHBOARD_SOCKET_PATH], (_req, res) => {
    res
      .status(426)
      .set('Upgrade', 'websocket')
      .type('text/plain')
      .send('Connect to this path with a WebSocket.\n');
  });

  const sendPage = (file: string, res: Response) => {
    // Checked on each request so a build made while the tracker runs is picked up.
    if (!existsSync(file)) {
      res.type('text/plain').send(BUILD_HINT);
      return;
    }
    // The page names its hashed assets; it must be revalidated so a new build is seen.
    res.sendFile(file, { headers: { 'Cache-Control': 'no-cache' } });
  };

  const dashboardFile = path.join(staticDir, 'dashboard.html');
  app.get([DASHBOARD_PAGE_PATH, `${DASHBOARD_PAGE_PATH}/`], (_req, res) => sendPage(dashboardFile, res));

  app.use(express.static(staticDir, { index: 'index.html' }));

  const indexFile = path.join(staticDir, 'index.html');
  app.use((req, res, next) => {
    const isPage = (req.method === 'GET' || req.method === 'HEAD') && path.extname(req.path) === '';
    const socketPaths = [socketPath, DASHBOARD_SOCKET_PATH];
    if (!isPage || socketPaths.some((p) => req.path.startsWith(`${p}/`))) return next();
    sendPage(indexFile, res);
  });

  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found\n');
  });

  // Four parameters is how express recognises an error handler.
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    // express and its static server mark client mistakes (a malformed path, say) with a 4xx status.
    const status = (error as { status?: unknown }).status;
    const code = typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
    if (code >= 500) logger.error({ event: 'http-error', err: error, path: req.path }, 'http request failed');
    if (!res.headersSent)
      res
        .status(code)
        .type('text/plain')
        .send(`${STATUS_CODES[code] ?? 'Error'}\n`);
  });

  return app;
}
