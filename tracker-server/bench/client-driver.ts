import type { DriverCommand, DriverReply } from './driver-messages.ts';
import { SimulatedPages } from './simulated-pages.ts';

/**
 * A client process of the tracker load bench, started by ClientFleet with an IPC channel:
 * `node --import tsx tracker-server/bench/client-driver.ts`. It plays the pages it is given through
 * the phases the bench commands, one command at a time, and answers each with what it measured.
 * Tracks only its SimulatedPages. It exits when told to close, or when the bench goes away.
 */

let pages: SimulatedPages | undefined;

function reply(message: DriverReply): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

function need(): SimulatedPages {
  if (!pages) throw new Error('setup first');
  return pages;
}

async function handle(command: DriverCommand): Promise<DriverReply> {
  switch (command.command) {
    case 'setup':
      pages = new SimulatedPages(command.wsUrl, command.pages, command.swarms, command.piecesPerFile);
      return { reply: 'ready' };
    case 'share':
      return { reply: 'admitted', ...(await need().admit('share', Infinity, command.timeoutMs)) };
    case 'join':
      return { reply: 'admitted', ...(await need().admit('join', command.perSecond, command.timeoutMs)) };
    case 'signal':
      return {
        reply: 'signalled',
        ...(await need().signal(command.perSecond, command.seconds, command.drainMs)),
      };
    case 'status':
      return { reply: 'status', ...need().status() };
    case 'close':
      await pages?.close();
      return { reply: 'closed' };
  }
}

if (!process.send) {
  console.error('client-driver.ts is started by the tracker load bench, with an IPC channel');
  process.exit(2);
}
process.on('message', (command: DriverCommand) => {
  void handle(command)
    .catch((error: unknown): DriverReply => ({
      reply: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    }))
    .then(async (answer) => {
      await reply(answer);
      if (answer.reply === 'closed') process.exit(0);
    });
});
// The bench is gone (or dropped us): nothing left to do.
process.on('disconnect', () => process.exit(0));
