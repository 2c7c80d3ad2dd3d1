/**
 * Booth changes for signed-in pages, the same for every host (server-sent events in the web host, IPC messages in
 * Electron). Each committed change goes to the subscribed sessions as a BoothChangeEvent; one naming a bay carries
 * that bay as `floor.bay` answers it, so the floor grid repaints the tile without a round trip. Since events carry
 * plates, a subscription needs a live staff session and ends with it: a page that is not signed in gets nothing.
 */
import type { EventEmitter } from 'node:events';
import { BoothChangeEvent } from '../../shared/contract';
import type { RpcReply } from '../../shared/contract/reply';
import { fieldsOf, type Dispatcher } from './dispatch';
import type { BoothChange, RpcLogger } from './types';

export interface ChangeSink {
  send(change: BoothChangeEvent): void;
  /** The session ended (signed out, booth restarted) or the feed closed: nothing more will be sent. */
  end(): void;
}

export interface ChangeFeed {
  /** Null, and nothing is ever sent, when the token names no live session. The function returned unsubscribes. */
  subscribe(token: string | null, sink: ChangeSink): (() => void) | null;
  /** Ends the subscriptions whose session has ended (hosts call it on their heartbeat; every change does too). */
  prune(): void;
  close(): void;
}

export function createChangeFeed(events: EventEmitter, dispatcher: Dispatcher, logger: RpcLogger): ChangeFeed {
  const subs = new Map<ChangeSink, string>();
  // A read that answers through a promise is chained, and so is every change after it, until the chain is done:
  // sends keep the order the changes were committed in.
  let queue: Promise<void> = Promise.resolve();
  let waiting = 0;

  const end = (sink: ChangeSink) => {
    subs.delete(sink);
    sink.end();
  };
  function live(): Array<[ChangeSink, string]> {
    const out: Array<[ChangeSink, string]> = [];
    for (const [sink, token] of subs) {
      if (dispatcher.session(token)) out.push([sink, token]);
      else end(sink);
    }
    return out;
  }

  const send = (change: BoothChange, bayId: string | null, reply: RpcReply | null, to: Array<[ChangeSink, string]>) => {
    const event = BoothChangeEvent.safeParse({ kind: change.kind, lot_id: change.lot_id, bay_id: bayId, bay: reply?.ok ? reply.output : null });
    if (!event.success) {
      logger.error({ kind: change.kind, fields: fieldsOf(event.error) }, 'booth change outside the contract, not sent');
      return;
    }
    for (const [sink] of to) if (subs.has(sink)) sink.send(event.data);
  };

  const onChange = (change: BoothChange) => {
    const to = live();
    if (to.length === 0) return;
    const bayId = change.bay_id ?? null;
    // Read now, right after the COMMIT that emitted this change, through the contract entry, its access rule and
    // its output schema (any staff session may read a bay).
    const read = bayId ? dispatcher.call('floor.bay', { bay_id: bayId }, to[0]![1]) : null;
    // Written at once, in the commit's own turn, before the mutation's reply is even built: the page hears of the
    // change no later than the caller does. Only behind an earlier change still being read does it wait its turn.
    if (waiting === 0 && !(read instanceof Promise)) {
      try {
        return send(change, bayId, read, to);
      } catch (err) {
        return logger.error({ err: (err as Error).message }, 'booth change not sent');
      }
    }
    waiting++;
    queue = queue
      .then(async () => send(change, bayId, await read, to))
      .catch((err: unknown) => logger.error({ err: (err as Error).message }, 'booth change not sent'))
      .finally(() => void waiting--);
  };
  events.on('change', onChange);

  return {
    subscribe(token, sink) {
      if (!token || !dispatcher.session(token)) return null;
      subs.set(sink, token);
      return () => void subs.delete(sink);
    },
    prune: () => void live(),
    close() {
      events.off('change', onChange);
      for (const sink of [...subs.keys()]) end(sink);
    },
  };
}
