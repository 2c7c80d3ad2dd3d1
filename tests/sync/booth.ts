/**
 * Real booths for sync tests: a booth SQLite file in a temp folder, staff seeded, enrolled with the test API
 * through its real HTTP endpoint, a switchable network (offline → fetch fails like a pulled cable) and a clock
 * the test can move.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBooth, type Booth } from '../../src/main/booth';
import { hashPinSync } from '../../src/main/booth/staff/pin-hash';
import type { CallContext } from '../../src/shared/contract/handlers';
import { type SyncApi, enrollmentCode } from './api';

export const MANAGER = { id: 'staff-manager', pin: '2468' };
export const ATTENDANT = { id: 'staff-attendant', pin: '1357' };
const hashes = { manager: hashPinSync(MANAGER.pin), attendant: hashPinSync(ATTENDANT.pin) };

export interface TestBooth {
  booth: Booth;
  dir: string;
  net: { offline: boolean; calls: number; onRequest?: (url: string) => void };
  clock: { skew: number };
  db: Database.Database;
  ctx(role?: 'attendant' | 'manager'): Promise<CallContext>;
  close(): void;
  reopen(): TestBooth;
}

export function seedStaff(dir: string): void {
  const db = new Database(join(dir, 'booth.db'));
  const add = db.prepare("INSERT OR IGNORE INTO staff (id, name, role, pin_hash, active, created_at) VALUES (?, ?, ?, ?, 1, 0)");
  add.run(MANAGER.id, 'Maya Manager', 'manager', hashes.manager);
  add.run(ATTENDANT.id, 'Arun Attendant', 'attendant', hashes.attendant);
  db.close();
}

export function openTestBooth(
  dir = mkdtempSync(join(tmpdir(), 'parkpass-sync-')),
  state: { net: TestBooth['net']; clock: TestBooth['clock'] } = { net: { offline: false, calls: 0 }, clock: { skew: 0 } },
  pollMs = 30_000,
): TestBooth {
  const { net, clock } = state;
  const netFetch: typeof fetch = async (input, init) => {
    net.calls++;
    if (net.offline) throw new TypeError('fetch failed (network is down)');
    net.onRequest?.(String(input));
    return fetch(input, init);
  };
  const booth = openBooth({ dataDir: dir, now: () => Date.now() + clock.skew, logger: { info() {}, warn() {} }, sync: { autoStart: false, fetch: netFetch, random: () => 0, pollMs } });
  seedStaff(dir);
  const db = new Database(booth.dbFile);
  const contexts = new Map<string, CallContext>();
  return {
    booth, dir, net, clock, db,
    async ctx(role = 'attendant') {
      const hit = contexts.get(role);
      if (hit) return hit;
      const who = role === 'manager' ? MANAGER : ATTENDANT;
      const r = await booth.handlers['staff.signIn']({ staff_id: who.id, pin: who.pin }, { staff: null, session_token: null });
      const c = { staff: r.staff, session_token: r.session_token };
      contexts.set(role, c);
      return c;
    },
    close() {
      db.close();
      booth.close();
    },
    reopen() {
      this.close();
      return openTestBooth(dir, state, pollMs);
    },
  };
}

export async function enrolledBooth(api: SyncApi, name = 'Gate'): Promise<TestBooth> {
  const b = openTestBooth();
  await b.booth.sync.enroll(api.url, await enrollmentCode(api, api.lotId), name);
  return b;
}

export function removeBooth(b: TestBooth): void {
  b.close();
  rmSync(b.dir, { recursive: true, force: true });
}
