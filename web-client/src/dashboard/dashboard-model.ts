import type { DashboardServerMessage, DashboardSwarm, SwarmSettings } from '@minibit/protocol';
import { batch, signal } from '@preact/signals';
import {
  type DashboardConnection,
  DashboardSocket,
  dashboardSocketUrl,
  keyFromHash,
} from './dashboard-socket.ts';

/**
 * The dashboard page's state and actions (components only read the signals and call the actions;
 * the socket lives here). It tracks:
 *   1. the key (from the URL fragment, or typed in) and the connection to the tracker;
 *   2. the join URL and every swarm, as the tracker's latest 'state' has them;
 *   3. per swarm, the answer to the last request made about it (applied, or why it was refused),
 *      matched through the request ids.
 */

export type DashboardStatus = DashboardConnection | 'no-key';

/** The answer to the last request about one swarm. */
export type RequestFeedback = { ok: true } | { ok: false; message: string };

export function createDashboardModel(location: Location) {
  const status = signal<DashboardStatus>('no-key');
  const retryMs = signal<number | null>(null);
  const joinUrl = signal<string | null>(null);
  const swarms = signal<DashboardSwarm[]>([]);
  const swarmCount = signal(0);
  const feedback = signal<Record<string, RequestFeedback>>({});

  let socket: DashboardSocket | null = null;
  let nextId = 1;
  /** Request id → the swarm it was about. */
  const pending = new Map<number, string>();

  function onMessage(m: DashboardServerMessage): void {
    switch (m.type) {
      case 'welcome':
        joinUrl.value = m.joinUrl;
        return;
      case 'state':
        batch(() => {
          swarms.value = m.swarms;
          swarmCount.value = m.swarmCount;
        });
        return;
      case 'ok':
      case 'error': {
        const swarmId = m.id === undefined ? undefined : pending.get(m.id);
        if (m.id !== undefined) pending.delete(m.id);
        if (swarmId === undefined) return;
        const answer: RequestFeedback = m.type === 'ok' ? { ok: true } : { ok: false, message: m.message };
        feedback.value = { ...feedback.value, [swarmId]: answer };
        return;
      }
    }
  }

  function open(key: string): void {
    socket?.close();
    socket = new DashboardSocket(dashboardSocketUrl(location), key, {
      onMessage,
      onState: (s, retry) =>
        batch(() => {
          status.value = s;
          retryMs.value = retry ?? null;
        }),
    });
    socket.connect();
  }

  /** Sends a request about a swarm; says so on the swarm when the tracker cannot be reached. */
  function request(swarmId: string, send: (id: number) => boolean): void {
    const id = nextId++;
    pending.set(id, swarmId);
    if (!send(id)) {
      pending.delete(id);
      feedback.value = { ...feedback.value, [swarmId]: { ok: false, message: 'not connected' } };
    }
  }

  // ---- actions -------------------------------------------------------------------------------

  /** Uses a key typed into the page: it goes into the fragment, so a reload keeps it. */
  function useKey(key: string): void {
    history.replaceState(null, '', `#key=${encodeURIComponent(key)}`);
    open(key);
  }

  function setSettings(swarmId: string, settings: SwarmSettings): void {
    request(swarmId, (id) => socket?.send({ type: 'set-settings', id, swarmId, settings }) ?? false);
  }

  function setFreeRider(swarmId: string, peerId: string, freeRider: boolean): void {
    request(
      swarmId,
      (id) => socket?.send({ type: 'set-free-rider', id, swarmId, peerId, freeRider }) ?? false,
    );
  }

  function predistribute(swarmId: string, percent: number): void {
    // Its answer is kept apart from the settings form's (see predistributionFeedbackKey).
    request(
      predistributionFeedbackKey(swarmId),
      (id) => socket?.send({ type: 'pre-distribute', id, swarmId, percent }) ?? false,
    );
  }

  const initialKey = keyFromHash(location.hash);
  if (initialKey) open(initialKey);

  return {
    status,
    retryMs,
    joinUrl,
    swarms,
    swarmCount,
    feedback,
    useKey,
    setSettings,
    setFreeRider,
    predistribute,
  };
}

export type DashboardModel = ReturnType<typeof createDashboardModel>;

/** Where `feedback` keeps the answer to a swarm's last pre-distribution request. */
export const predistributionFeedbackKey = (swarmId: string) => `pre-distribute:${swarmId}`;
