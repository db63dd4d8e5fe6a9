import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { benchSwarms } from './bench-manifests.ts';
import type { AdmissionReport, Counts, DriverStatus } from './driver-messages.ts';
import { frameType } from './frame-type.ts';
import type { PlannedPeer } from './peer-plan.ts';
import { type SignalPage, SignalTraffic } from './signal-traffic.ts';

/**
 * The pages one driver process plays, each a raw `ws` socket doing what the web client does on the
 * tracker socket: connect with a secret key, read 'welcome', share or join one swarm, and later signal.
 * It tracks:
 *   1. each page: its socket, the id the tracker gave it, when it connected and asked to join, its state;
 *   2. the pages of each swarm that are in, for the signalling phase;
 *   3. what the tracker sent (count by type, bytes), its error replies and closes nobody asked for.
 * There are no per-page timers: one pacing timer per phase, so 10,000 pages cost 10,000 sockets.
 */

type PageState = 'waiting' | 'connecting' | 'joining' | 'in' | 'failed' | 'closed';

interface Page {
  plan: PlannedPeer;
  state: PageState;
  socket?: WebSocket;
  id?: string;
  connectStartedAt: number;
  joinSentAt: number;
  /** Set once the page is in its swarm. */
  member?: SignalPage;
}

/**
 * Most pages connecting or waiting for 'joined' at once, per driver. The tracker listens with node's
 * default backlog of 511: more handshakes than that at once overflow its accept queue, the kernel drops
 * the SYNs and they return only on TCP's 1 s, 3 s, 7 s retransmit timers, so connect latency would
 * measure those timers instead of the tracker. Two drivers stay under the backlog.
 */
const MAX_IN_FLIGHT = 250;
const PACE_TICK_MS = 5;
const HANDSHAKE_TIMEOUT_MS = 30_000;
const CLOSE_WAIT_MS = 5000;

interface Admission {
  report: AdmissionReport;
  settled: number;
  settle(): void;
}

export class SimulatedPages {
  private readonly pages: Page[];
  private readonly swarms: ReturnType<typeof benchSwarms>;
  private readonly inSwarm = new Map<number, SignalPage[]>();
  private admission: Admission | undefined;
  private traffic: SignalTraffic | undefined;
  private closing = false;
  private readonly earlyCloses: Counts = {};
  private readonly received: Counts = {};
  private receivedBytes = 0;
  private readonly errors: Counts = {};
  private readonly socketErrors: Counts = {};

  constructor(
    private readonly wsUrl: string,
    plan: PlannedPeer[],
    swarmCount: number,
    piecesPerFile: number,
  ) {
    this.pages = plan.map((p) => ({ plan: p, state: 'waiting', connectStartedAt: 0, joinSentAt: 0 }));
    this.swarms = benchSwarms(swarmCount, piecesPerFile);
  }

  /** Connects the pages of `role`, `perSecond` a second (Infinity: as fast as MAX_IN_FLIGHT allows). */
  admit(role: PlannedPeer['role'], perSecond: number, timeoutMs: number): Promise<AdmissionReport> {
    const pages = this.pages.filter((p) => p.plan.role === role && p.state === 'waiting');
    const report: AdmissionReport = { connectMs: [], joinMs: [], failed: 0, elapsedMs: 0 };
    const startedAt = performance.now();
    return new Promise((resolve) => {
      let next = 0;
      const finish = () => {
        clearInterval(pacer);
        clearTimeout(deadline);
        this.admission = undefined;
        // Pages never started or still waiting at the deadline did not get in.
        report.failed += pages.length - admission.settled;
        report.elapsedMs = performance.now() - startedAt;
        resolve(report);
      };
      const admission: Admission = {
        report,
        settled: 0,
        settle: () => {
          if (++admission.settled === pages.length) finish();
        },
      };
      this.admission = admission;
      const tick = () => {
        const elapsed = performance.now() - startedAt;
        const paced = perSecond === Infinity ? Infinity : Math.floor((perSecond * elapsed) / 1000) + 1;
        const due = Math.min(pages.length, paced);
        while (next < due && next - admission.settled < MAX_IN_FLIGHT) this.connect(pages[next++]!);
      };
      const pacer = setInterval(tick, PACE_TICK_MS);
      const deadline = setTimeout(finish, timeoutMs);
      if (pages.length === 0) finish();
      else tick();
    });
  }

  /** The signalling phase, between pages that are in a swarm with at least one other. */
  async signal(perSecond: number, seconds: number, drainMs: number) {
    const swarms = [...this.inSwarm.values()].filter((pages) => pages.length >= 2);
    this.traffic = new SignalTraffic(swarms);
    try {
      return await this.traffic.run(perSecond, seconds, drainMs);
    } finally {
      this.traffic = undefined;
    }
  }

  status(): DriverStatus {
    return {
      open: this.pages.filter((p) => p.socket?.readyState === WebSocket.OPEN).length,
      earlyCloses: { ...this.earlyCloses },
      received: { ...this.received },
      receivedBytes: this.receivedBytes,
      errors: { ...this.errors },
      socketErrors: { ...this.socketErrors },
    };
  }

  /** Closes every socket, waiting for the close handshakes a while, then cutting off the rest. */
  async close(): Promise<void> {
    this.closing = true;
    const sockets = this.pages.flatMap((p) => (p.socket && p.state !== 'closed' ? [p.socket] : []));
    const closed = sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) resolve();
          else socket.once('close', () => resolve());
        }),
    );
    for (const socket of sockets) socket.close(1000, 'bench done');
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.all(closed), new Promise((r) => (timer = setTimeout(r, CLOSE_WAIT_MS)))]);
    clearTimeout(timer);
    for (const socket of sockets) socket.terminate();
  }

  private connect(page: Page): void {
    page.state = 'connecting';
    page.connectStartedAt = performance.now();
    // A secret key per page, as the web client sends; the tracker derives the peer id from it.
    const key = randomBytes(18).toString('base64url');
    const socket = new WebSocket(`${this.wsUrl}?key=${key}`, {
      localAddress: page.plan.localAddress,
      perMessageDeflate: false,
      // Catalogs are tens of KiB each; validating every one would cost us, not the tracker.
      skipUTF8Validation: true,
      handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
    });
    page.socket = socket;
    socket.on('message', (data: Buffer) => this.receive(page, data));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      count(this.socketErrors, error.code ?? error.message),
    );
    socket.on('close', (code: number) => this.closed(page, code));
  }

  private receive(page: Page, frame: Buffer): void {
    this.receivedBytes += frame.length;
    const type = frameType(frame) ?? typeOf(frame);
    count(this.received, type);
    switch (type) {
      case 'welcome':
        return this.welcomed(page, frame);
      case 'joined':
        return this.joined(page);
      case 'signal':
        if (this.traffic && page.member) this.traffic.received(page.member, frame);
        return;
      case 'error': {
        const { code } = JSON.parse(frame.toString('utf8')) as { code: string };
        count(this.errors, code);
        if (page.state === 'joining') this.failed(page);
        return;
      }
    }
  }

  private welcomed(page: Page, frame: Buffer): void {
    if (page.state !== 'connecting') return;
    const { peerId } = JSON.parse(frame.toString('utf8')) as { peerId: string };
    page.id = peerId;
    const now = performance.now();
    this.admission?.report.connectMs.push(now - page.connectStartedAt);
    const swarm = this.swarms[page.plan.swarm]!;
    const request =
      page.plan.role === 'share'
        ? { type: 'share', manifest: swarm.manifest }
        : { type: 'join', swarmId: swarm.swarmId };
    page.state = 'joining';
    page.joinSentAt = now;
    page.socket!.send(JSON.stringify(request));
  }

  private joined(page: Page): void {
    if (page.state !== 'joining') return;
    page.state = 'in';
    this.admission?.report.joinMs.push(performance.now() - page.joinSentAt);
    page.member = { id: page.id!, swarmId: this.swarms[page.plan.swarm]!.swarmId, socket: page.socket! };
    const members = this.inSwarm.get(page.plan.swarm) ?? [];
    members.push(page.member);
    this.inSwarm.set(page.plan.swarm, members);
    this.admission?.settle();
  }

  private failed(page: Page): void {
    page.state = 'failed';
    this.admission?.settle();
  }

  private closed(page: Page, code: number): void {
    const wasSettling = page.state === 'connecting' || page.state === 'joining';
    page.state = 'closed';
    if (this.closing) return;
    count(this.earlyCloses, String(code));
    if (wasSettling) this.admission?.settle();
  }
}

function count(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The type of a frame the sniffer could not read: parse it. */
function typeOf(frame: Buffer): string {
  try {
    const parsed = JSON.parse(frame.toString('utf8')) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : 'untyped';
  } catch {
    return 'unparsable';
  }
}
