import { randomBytes } from 'node:crypto';
import {
  DASHBOARD_SOCKET_PATH,
  type DashboardRequest,
  type DashboardServerMessage,
  type DashboardSwarm,
  encodeDashboardMessage,
  parseDashboardServerMessage,
  type SwarmSettings,
} from '@minibit/protocol';
import WebSocket from 'ws';

/**
 * A fresh dashboard key for a tracker started by a script (`--dashboard-key`). The prefix matters:
 * base64url may begin with '-', and `--dashboard-key -x…` reads as a flag (the tracker exits 2).
 */
export function dashboardKey(): string {
  return `key-${randomBytes(18).toString('base64url')}`;
}

type Pending = { resolve: () => void; reject: (err: Error) => void };

/**
 * The teacher's dashboard as a program: the same socket and messages as the dashboard page
 * (protocol/src/dashboard-messages.ts), so a script sets a swarm's settings and free riders exactly
 * as a teacher would.
 */
export class DashboardControl {
  private latest: DashboardSwarm[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly stateWaiters = new Set<() => void>();
  private nextId = 1;

  private constructor(private readonly socket: WebSocket) {}

  /** Connects to the tracker at `trackerUrl` with the dashboard key; resolves after its welcome. */
  static connect(trackerUrl: string, key: string): Promise<DashboardControl> {
    const url = new URL(DASHBOARD_SOCKET_PATH, trackerUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(url);
    const control = new DashboardControl(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => socket.send(encodeDashboardMessage({ type: 'dashboard', key })));
      socket.once('error', reject);
      socket.once('close', () => reject(new Error('the tracker closed the dashboard socket')));
      socket.on('message', (data) => {
        const parsed = parseDashboardServerMessage(String(data));
        if (!parsed.ok) return reject(new Error(`bad message from the tracker: ${parsed.error}`));
        if (parsed.value.type === 'welcome') resolve(control);
        else if (parsed.value.type === 'error' && parsed.value.id === undefined)
          reject(new Error(`dashboard refused: ${parsed.value.code}: ${parsed.value.message}`));
        control.receive(parsed.value);
      });
    });
  }

  /** The swarm id of the file called `name`, once the tracker lists it (it has a sharer). */
  async swarmIdOf(name: string, timeoutMs = 60_000): Promise<string> {
    const swarm = await this.waitFor((swarms) => swarms.find((s) => s.name === name), timeoutMs);
    return swarm.swarmId;
  }

  /** Resolves once `predicate` holds for a state the tracker sent (the latest one, or a later one). */
  waitFor<T>(predicate: (swarms: DashboardSwarm[]) => T | undefined, timeoutMs = 60_000): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = predicate(this.latest);
        if (found === undefined) return;
        clearTimeout(timer);
        this.stateWaiters.delete(check);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.stateWaiters.delete(check);
        reject(new Error(`the dashboard state never matched within ${timeoutMs} ms`));
      }, timeoutMs);
      this.stateWaiters.add(check);
      check();
    });
  }

  setSettings(swarmId: string, settings: SwarmSettings): Promise<void> {
    return this.request({ type: 'set-settings', id: this.nextId++, swarmId, settings });
  }

  setFreeRider(swarmId: string, peerId: string, freeRider: boolean): Promise<void> {
    return this.request({ type: 'set-free-rider', id: this.nextId++, swarmId, peerId, freeRider });
  }

  close(): void {
    this.socket.close();
  }

  private request(message: DashboardRequest & { id: number }): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.set(message.id, { resolve, reject });
      this.socket.send(encodeDashboardMessage(message));
    });
  }

  private receive(message: DashboardServerMessage): void {
    if (message.type === 'state') {
      this.latest = message.swarms;
      for (const check of [...this.stateWaiters]) check();
    } else if ((message.type === 'ok' || message.type === 'error') && message.id !== undefined) {
      const pending = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.type === 'ok') pending?.resolve();
      else pending?.reject(new Error(`${message.code}: ${message.message}`));
    }
  }
}
