/**
 * The booth core: everything the booth does, on its embedded SQLite, with no Electron in sight. Hosts (the
 * Electron shell, the localhost web host, tests) call `openBooth` once and serve `handlers`.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Staff } from '../../shared/contract';
import type { Handlers } from '../../shared/contract/handlers';
import { makeTx, type Core, type Logger } from './core/core';
import { newId } from './core/ids';
import { idleCheckpointer } from './db/checkpointer';
import { openDb } from './db/open';
import { DEMO, type DemoPass } from './demo/constants';
import { demoPasses, seedDemo } from './demo/seed';
import { CheckIn } from './bookings/check-in';
import { BayStore } from './floor/bay-store';
import { FloorService } from './floor/floor';
import { GateService } from './gate/gate';
import { PinAttempts } from './gate/pin-attempts';
import { makeHandlers } from './handlers';
import { PassKeys } from './keys/pass-keys';
import { LotCache } from './lots/lots';
import { ReleaseService } from './release/release';
import { ensureSetting, getSetting } from './settings/settings';
import { Sessions } from './staff/sessions';
import { ShiftStore } from './staff/shifts';
import { StaffService } from './staff/staff';
import { SyncClient, type SyncClientOptions } from './sync/client';
import { WalkinService } from './walkin/walkin';

export { DatabaseTooNewError } from './db/open';
export { DEMO, type DemoPass } from './demo/constants';
export type { ChangeEvent, Logger } from './core/core';

export interface BoothOptions {
  /** Folder holding booth.db (and its -wal/-shm files). */
  dataDir: string;
  /** Injected clock (tests, the 72 h offline simulation). */
  now?: () => number;
  /** Seed the demo lot, staff and bookings into an empty database (when no API is configured). */
  seedDemo?: boolean;
  logger?: Logger;
  /** Where the migrations are; default: found from the source tree or PARKPASS_BOOTH_MIGRATIONS. */
  migrationsFolder?: string;
  /**
   * Sync with the API. Default: on once enrolled; `PARKPASS_API_URL` + `PARKPASS_ENROLL_CODE` enroll a fresh booth
   * at start. `autoStart: false` leaves the loop to the caller (tests drive `booth.sync` step by step).
   */
  sync?: Pick<SyncClientOptions, 'fetch' | 'random' | 'pollMs' | 'pushBatch' | 'pullLimit'> & { autoStart?: boolean; apiUrl?: string; enrollCode?: string };
}

export interface Booth {
  handlers: Handlers;
  /** Staff session tokens issued by staff.signIn. In memory: a restart signs staff out (shifts stay open). */
  sessions: { resolve(token: string | null): Staff | null };
  /** Emits 'change' (a ChangeEvent) after each committed mutation, for the live floor grid. */
  events: EventEmitter;
  boothId: string;
  dbFile: string;
  /** Demo bookings with their PINs and passes; empty unless the demo lot exists. */
  demo: { lotId: string; passes: DemoPass[] };
  /** Trust another issuer's pass key (the server's, at enrollment). */
  trustPassKey(publicKey: string, issuer: 'server' | 'demo'): string;
  /** Enrollment, push/pull and the live stream (see ARCHITECTURE.md, "Sync"). */
  sync: SyncClient;
  close(): void;
}

const consoleLogger: Logger = {
  info: (o, msg) => console.log(msg ?? '', typeof o === 'string' ? o : JSON.stringify(o)),
  warn: (o, msg) => console.warn(msg ?? '', typeof o === 'string' ? o : JSON.stringify(o)),
};

export const DB_FILE_NAME = 'booth.db';

export function openBooth(options: BoothOptions): Booth {
  const now = options.now ?? Date.now;
  const logger = options.logger ?? consoleLogger;
  const dbFile = join(options.dataDir, DB_FILE_NAME);
  const db = openDb(dbFile, { migrationsFolder: options.migrationsFolder, logger, now });
  const { sqlite } = db;
  try {
    const boothId = ensureSetting(sqlite, 'booth.id', newId, now());
    ensureSetting(sqlite, 'booth.name', () => 'Booth 1', now());
    const events = new EventEmitter();
    const checkpointer = idleCheckpointer(sqlite);
    const keys = new PassKeys(sqlite, now);
    const core: Core = { db, sqlite, orm: db.orm, now, boothId, events, logger, keys, lots: new LotCache(sqlite), ...makeTx(sqlite, events, checkpointer.touch) };
    if (options.seedDemo) seedDemo(sqlite, keys, now(), logger);

    const sessions = new Sessions();
    const shifts = new ShiftStore(sqlite, boothId);
    const attempts = new PinAttempts(sqlite, boothId);
    const bays = new BayStore(sqlite);
    const checkIn = new CheckIn(sqlite, bays);
    const services = {
      core,
      sessions,
      staff: new StaffService(core, sessions, shifts, attempts, () => core.lots.list()[0]?.time_zone ?? 'UTC'),
      gate: new GateService(core, checkIn, shifts, attempts),
      walkin: new WalkinService(core, bays, shifts),
      release: new ReleaseService(core, bays, shifts),
      floor: new FloorService(core, bays),
    };
    const sync = new SyncClient({
      ...options.sync,
      sqlite,
      boothId,
      now,
      logger,
      trustPassKey: (key) => keys.trust(key, 'server'),
      onChange: (lotIds) => {
        for (const id of lotIds) {
          core.lots.invalidate(id);
          events.emit('change', { kind: 'floor', lot_id: id });
        }
      },
    });
    // Every recorded mutation adds an outbox command: push it as soon as the loop can.
    events.on('change', (e: { kind: string }) => e.kind === 'audit' && sync.kick());
    const autoStart = options.sync?.autoStart ?? true;
    const apiUrl = options.sync?.apiUrl ?? process.env.PARKPASS_API_URL;
    const enrollCode = options.sync?.enrollCode ?? process.env.PARKPASS_ENROLL_CODE;
    if (sync.enrolled && apiUrl) sync.useApi(apiUrl);
    if (autoStart && sync.enrolled) sync.start();
    else if (autoStart && apiUrl && enrollCode) {
      sync.enroll(apiUrl, enrollCode, getSetting(sqlite, 'booth.name') ?? 'Booth').then(
        () => sync.start(),
        (err: unknown) => logger.warn({ err: (err as Error).message }, 'enrollment failed'),
      );
    }
    return {
      sync,
      handlers: makeHandlers({ ...services, sync }),
      sessions,
      events,
      boothId,
      dbFile,
      demo: { lotId: DEMO.lotId, passes: demoPasses(sqlite) },
      trustPassKey: (publicKey, issuer) => keys.trust(publicKey, issuer),
      close: () => {
        checkpointer.stop();
        events.removeAllListeners();
        if (sqlite.open) sqlite.close();
      },
    };
  } catch (err) {
    sqlite.close();
    throw err;
  }
}
