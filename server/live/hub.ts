// Fans live events out to this process's subscribers. Every API process runs one hub; each hears
// every event through LISTEN/NOTIFY, whichever process wrote it. A subscriber that names the last
// event it saw first gets the missed ones from the log, then the live ones, with no gap or repeat.
import type { LiveEvent } from '../../src/shared/api/live';
import type { Executor } from '../db/types';
import { appendEvent, eventById, eventsAfter, logBounds } from './store';
import type { NotificationSource } from './listener';

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
  pending: LiveEvent[] | null;
  lastSent: bigint;
}

const PAGE = 500;

export class LiveHub {
  private readonly byTopic = new Map<string, Set<Subscriber>>();
  /** Notifications are handled one after another so events leave in commit order. */
  private queue: Promise<void> = Promise.resolve();
  private lastSeen = 0n;

  constructor(
    private readonly db: Executor,
    private readonly source: NotificationSource,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    this.lastSeen = BigInt((await logBounds(this.db)).newest);
    await this.source.start(
      (payload) => this.enqueue(() => this.onNotify(payload)),
      () => this.enqueue(() => this.catchUp()),
    );
  }

  async stop(): Promise<void> {
    await this.source.stop();
    await this.queue;
    this.byTopic.clear();
  }

  /** Writes an event through `q` (pass the transaction's client to tie it to that change). */
  publish(topic: string, kind: string, data: unknown, q: Executor = this.db): Promise<LiveEvent> {
    return appendEvent(q, topic, kind, data);
  }

  /** Resolves once every notification received so far has been delivered (for orderly tests and shutdown). */
  async drained(): Promise<void> {
    await this.queue;
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
    const sub: Subscriber = { topics: new Set(topics), deliver, pending: [], lastSent: 0n };
    for (const t of sub.topics) {
      const set = this.byTopic.get(t) ?? new Set();
      set.add(sub);
      this.byTopic.set(t, set);
    }
    const drop = (topics: readonly string[]): void => {
      for (const t of topics) {
        sub.topics.delete(t);
        const set = this.byTopic.get(t);
        set?.delete(sub);
        if (set?.size === 0) this.byTopic.delete(t);
      }
    };
    const close = (): void => drop([...sub.topics]);
    try {
      const bounds = await logBounds(this.db);
      if (afterId === null) sub.lastSent = BigInt(bounds.newest);
      else {
        if (bounds.oldest !== null && BigInt(afterId) < BigInt(bounds.oldest) - 1n) throw new HistoryGoneError();
        sub.lastSent = BigInt(afterId);
        for (;;) {
          const page = await eventsAfter(this.db, sub.lastSent.toString(), [...sub.topics], PAGE);
          for (const e of page) send(sub, e);
          if (page.length < PAGE) break;
        }
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
        return sub.lastSent.toString();
      },
      drop,
      close,
    };
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((err: unknown) => this.onError(err));
  }

  private async onNotify(payload: string): Promise<void> {
    const note = JSON.parse(payload) as { id: string; topic?: string; kind?: string; payload?: unknown; at?: string };
    const event: LiveEvent | null =
      note.topic !== undefined && note.kind !== undefined && note.at !== undefined
        ? { id: note.id, topic: note.topic, kind: note.kind, data: note.payload ?? null, at: new Date(note.at).toISOString() }
        : await eventById(this.db, note.id);
    if (event) this.dispatch(event);
  }

  /** After a lost LISTEN connection: everything logged since the last event heard. */
  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await eventsAfter(this.db, this.lastSeen.toString(), null, PAGE);
      for (const e of page) this.dispatch(e);
      if (page.length < PAGE) return;
    }
  }

  private dispatch(event: LiveEvent): void {
    const id = BigInt(event.id);
    if (id <= this.lastSeen) return;
    this.lastSeen = id;
    for (const sub of this.byTopic.get(event.topic) ?? []) {
      if (sub.pending) sub.pending.push(event);
      else send(sub, event);
    }
  }
}

function send(sub: Subscriber, event: LiveEvent): void {
  const id = BigInt(event.id);
  if (id <= sub.lastSent) return;
  sub.lastSent = id;
  sub.deliver(event);
}
