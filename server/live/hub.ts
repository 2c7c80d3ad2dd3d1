// Fans live events out to this process's subscribers. Every API process runs one hub. A NOTIFY (from any
// process) only says "something new": the hub then reads the log from its position, one read at a time,
// many wake-ups coalesced into one read. It reads only what no running transaction can still precede (see
// store.ts), so positions only grow; a subscriber that names the last event it saw first gets the missed
// ones from the log, then the live ones, with no gap or repeat.
import type { LiveEvent } from '../../src/shared/api/live';
import type { Executor } from '../db/types';
import type { NotificationSource } from './listener';
import { LIVE_CHANNEL, type LoggedEvent, type Position, START, after, appendEvents, positionOf, readAfter } from './store';
import { Announcer, type Wake } from './wake';

export type Deliver = (event: LiveEvent) => void;

export interface Subscription {
  /** Where a client should resume from if it reconnects right now. */
  readonly lastEventId: string;
  /** Stops some topics; the subscription ends when none is left. */
  drop(topics: readonly string[]): void;
  close(): void;
}

export class HistoryGoneError extends Error {
  constructor() {
    super('events after that id are no longer kept; reload the current state');
  }
}

interface Subscriber {
  topics: Set<string>;
  deliver: Deliver;
  /** Events that arrive while the replay runs wait here; null once live. */
  pending: LoggedEvent[] | null;
  last: Position;
  lastId: string;
}

const PAGE = 500;
/** Above this many watched topics the hub reads every event instead of filtering by topic. */
const MAX_FILTERED_TOPICS = 200;
/** Committed events held behind a running transaction are read again after this, doubling up to HELD_MAX_MS. */
const HELD_MIN_MS = 5;
const HELD_MAX_MS = 1000;

export interface HubOptions {
  /** Reads the log this often even without a NOTIFY: a wake-up lost with a crashed writer costs at most this. */
  pollMs?: number;
}

export class LiveHub {
  private readonly byTopic = new Map<string, Set<Subscriber>>();
  /** Reads and subscriber registrations run one after another, so a subscriber never joins mid-read. */
  private chain: Promise<void> = Promise.resolve();
  private readQueued = false;
  private pos: Position = START;
  private posId = '0';
  private heldDelay = HELD_MIN_MS;
  private heldTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly announcer: Announcer;

  constructor(
    private readonly db: Executor,
    private readonly source: NotificationSource,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly options: HubOptions = {},
  ) {
    this.announcer = new Announcer(db, onError);
  }

  async start(): Promise<void> {
    const page = await readAfter(this.db, START, [], 1, true);
    if (page.tail) [this.pos, this.posId] = [page.tail, page.tailId!];
    await this.source.start(
      () => this.wake(),
      () => this.wake(),
    );
    this.pollTimer = setInterval(() => this.wake(), this.options.pollMs ?? 1000);
    this.pollTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.heldTimer) clearTimeout(this.heldTimer);
    await this.source.stop();
    await this.announcer.settled();
    await this.chain;
    this.byTopic.clear();
  }

  /** Writes an event through `q` (pass the transaction's client to tie it to that change); readers wake at commit. */
  async publish(topic: string, kind: string, data: unknown, q: Executor = this.db): Promise<LiveEvent> {
    return (await appendEvents(q, [{ topic, kind, data }], true))[0]!;
  }

  /** After a commit that wrote events: reads them here at once, and wakes the other processes (plus `more`). */
  announce(more: readonly Wake[] = []): void {
    this.wake();
    this.announcer.send([[LIVE_CHANNEL, ''], ...more]);
  }

  /** Resolves once what was committed before the call has been read and delivered (orderly tests and shutdown). */
  async drained(): Promise<void> {
    await this.announcer.settled();
    this.wake();
    await this.chain;
  }

  get subscriberCount(): number {
    const all = new Set<Subscriber>();
    for (const set of this.byTopic.values()) for (const s of set) all.add(s);
    return all.size;
  }

  /**
   * Subscribes to `topics`. With `afterId`, replays the logged events after it first; without,
   * starts from now. Throws HistoryGoneError when the log no longer reaches back that far.
   */
  async subscribe(topics: readonly string[], afterId: string | null, deliver: Deliver): Promise<Subscription> {
    const sub: Subscriber = { topics: new Set(topics), deliver, pending: [], last: START, lastId: '0' };
    const drop = (gone: readonly string[]): void => {
      for (const t of gone) {
        sub.topics.delete(t);
        const set = this.byTopic.get(t);
        set?.delete(sub);
        if (set?.size === 0) this.byTopic.delete(t);
      }
    };
    const close = (): void => drop([...sub.topics]);
    const from = afterId === null ? null : await positionOf(this.db, afterId);
    if (afterId !== null && from === null) throw new HistoryGoneError();
    await this.serially(async () => {
      // With no one watching, wake-ups were skipped: catch the position up before someone starts from it.
      if (this.byTopic.size === 0) await this.read();
      for (const t of sub.topics) {
        const set = this.byTopic.get(t) ?? new Set();
        set.add(sub);
        this.byTopic.set(t, set);
      }
      if (from === null) [sub.last, sub.lastId, sub.pending] = [this.pos, this.posId, null];
      else [sub.last, sub.lastId] = [from, afterId!];
    });
    try {
      // Registered first, so what the hub reads meanwhile waits in `pending`; the replay reads at least up
      // to the hub's position, and send() drops what both bring.
      for (let cursor = sub.last; sub.pending; ) {
        const page = await readAfter(this.db, cursor, [...sub.topics], PAGE);
        for (const e of page.events) send(sub, e);
        if (page.events.length < PAGE) break;
        cursor = page.events.at(-1)!.pos;
      }
      const waiting = sub.pending ?? [];
      sub.pending = null;
      for (const e of waiting) send(sub, e);
    } catch (err) {
      close();
      throw err;
    }
    return {
      get lastEventId() {
        return sub.lastId;
      },
      drop,
      close,
    };
  }

  /** Asks for a read of the log; wake-ups arriving while one is queued share it. Nobody watching: nothing to read. */
  private wake(): void {
    if (this.readQueued || this.stopped || this.byTopic.size === 0) return;
    this.readQueued = true;
    void this.serially(async () => {
      this.readQueued = false;
      await this.read();
    });
  }

  private serially(task: () => Promise<void>): Promise<void> {
    const run = this.chain.then(task);
    this.chain = run.catch((err: unknown) => this.onError(err));
    return run;
  }

  private async read(): Promise<void> {
    for (;;) {
      const watched = this.byTopic.size > MAX_FILTERED_TOPICS ? null : [...this.byTopic.keys()];
      const page = await readAfter(this.db, this.pos, watched, PAGE, true);
      for (const e of page.events) this.dispatch(e);
      if (page.events.length === PAGE) continue;
      // Nothing more on the watched topics: move on to the end of what is readable on any topic.
      if (page.tail && after(page.tail, this.pos)) [this.pos, this.posId] = [page.tail, page.tailId!];
      if (page.held) this.retryHeld();
      else this.heldDelay = HELD_MIN_MS;
      return;
    }
  }

  private retryHeld(): void {
    if (this.heldTimer || this.stopped) return;
    this.heldTimer = setTimeout(() => {
      this.heldTimer = null;
      this.wake();
    }, this.heldDelay);
    this.heldDelay = Math.min(this.heldDelay * 2, HELD_MAX_MS);
  }

  private dispatch(e: LoggedEvent): void {
    if (!after(e.pos, this.pos)) return;
    [this.pos, this.posId] = [e.pos, e.event.id];
    for (const sub of this.byTopic.get(e.event.topic) ?? []) {
      if (sub.pending) sub.pending.push(e);
      else send(sub, e);
    }
  }
}

function send(sub: Subscriber, e: LoggedEvent): void {
  if (!after(e.pos, sub.last)) return;
  [sub.last, sub.lastId] = [e.pos, e.event.id];
  sub.deliver(e.event);
}
