// The change feed both hosts serve: session-bound, the bay read right after the commit, sends in commit order.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { Bay, type BoothChangeEvent } from '../../src/shared/contract';
import { entry } from '../../src/shared/contract/entry';
import { createChangeFeed } from '../../src/main/rpc/changes';
import { createDispatcher } from '../../src/main/rpc/dispatch';
import { captureLogger, sessions } from './fixtures';

const bayContract = {
  'floor.bay': entry({ summary: 'one bay', access: 'staff', input: z.object({ bay_id: z.string() }), output: Bay }),
};
const bay = (id: string): Bay => ({ id, number: 7, state: 'blocked', blocked_reason: 'paint', booking_id: null, vehicle_number: null, since: 1 });

function feedWith(read: (id: string) => Bay | Promise<Bay>) {
  const events = new EventEmitter();
  const dispatcher = createDispatcher(bayContract, { 'floor.bay': (i) => read(i.bay_id) }, sessions);
  const feed = createChangeFeed(events, dispatcher, captureLogger());
  const got: BoothChangeEvent[] = [];
  let ended = 0;
  const sink = { send: (c: BoothChangeEvent) => void got.push(c), end: () => void ended++ };
  return { events, feed, got, sink, ended: () => ended };
}

describe('change feed', () => {
  it('subscribes live sessions only', () => {
    const { feed, sink } = feedWith(bay);
    expect(feed.subscribe(null, sink)).toBeNull();
    expect(feed.subscribe('tok-nobody', sink)).toBeNull();
    expect(feed.subscribe('tok-att', sink)).toBeTypeOf('function');
  });

  it('sends a bay change with the bay in the same turn as the commit that emitted it', () => {
    const { events, feed, got, sink } = feedWith(bay);
    feed.subscribe('tok-att', sink);
    events.emit('change', { kind: 'bay', lot_id: 'L1', bay_id: 'B7' });
    // No await: already sent when emit returns, before the mutation's own reply is built.
    expect(got).toEqual([{ kind: 'bay', lot_id: 'L1', bay_id: 'B7', bay: bay('B7') }]);
  });

  it('keeps commit order when a read answers later, and ends with the feed', async () => {
    let slow = true;
    const { events, feed, got, sink, ended } = feedWith((id) => (slow ? new Promise((r) => setTimeout(() => r(bay(id)), 20)) : bay(id)));
    feed.subscribe('tok-att', sink);
    events.emit('change', { kind: 'bay', lot_id: 'L1', bay_id: 'B1' });
    slow = false;
    events.emit('change', { kind: 'bay', lot_id: 'L1', bay_id: 'B2' });
    events.emit('change', { kind: 'floor', lot_id: 'L1' });
    expect(got).toEqual([]);
    await new Promise((r) => setTimeout(r, 50));
    expect(got.map((c) => c.bay_id)).toEqual(['B1', 'B2', null]);
    feed.close();
    expect(ended()).toBe(1);
  });
});
