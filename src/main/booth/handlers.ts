import type { CallContext, Handlers } from '../../shared/contract/handlers';
import { BoothError } from '../../shared/contract/errors';
import type { Actor } from './core/actor';
import type { Core } from './core/core';
import { listAudit } from './audit/audit';
import { syncStatus } from './booth/status';
import type { FloorService } from './floor/floor';
import type { GateService } from './gate/gate';
import type { ReleaseService } from './release/release';
import type { Session, Sessions } from './staff/sessions';
import type { StaffService } from './staff/staff';
import type { WalkinService } from './walkin/walkin';
import { getSetting } from './settings/settings';
import type { SyncClient } from './sync/client';
import { ConflictService } from './sync/conflicts';

export interface Services {
  core: Core;
  sessions: Sessions;
  staff: StaffService;
  gate: GateService;
  walkin: WalkinService;
  release: ReleaseService;
  floor: FloorService;
  sync: SyncClient;
}

/**
 * One handler per contract entry. The hosts already check `access`, but the core checks again from the session
 * token itself, so a host bug or a direct caller cannot let an attendant into a manager operation.
 */
export function makeHandlers(s: Services): Handlers {
  const session = (ctx: CallContext): Session => {
    const found = s.sessions.get(ctx.session_token);
    if (!found) throw new BoothError('unauthenticated', 'Sign in first: this needs a staff session.');
    return found;
  };
  const staff = (ctx: CallContext): Actor => {
    const found = session(ctx);
    return { staffId: found.staff.id, shiftId: found.shiftId };
  };
  const manager = (ctx: CallContext): Actor => {
    const found = session(ctx);
    if (found.staff.role !== 'manager') throw new BoothError('forbidden', 'Only a manager may do this.');
    return { staffId: found.staff.id, shiftId: found.shiftId };
  };

  const conflicts = new ConflictService(s.core);

  return {
    'sync.enroll': async (i, ctx) => {
      manager(ctx);
      try {
        await s.sync.enroll(i.api_url, i.code, i.booth_name ?? getSetting(s.core.sqlite, 'booth.name') ?? 'Booth');
      } catch (err) {
        throw new BoothError('invalid_input', `Enrollment failed: ${(err as Error).message}`, { code: 'not accepted' });
      }
      s.sync.start();
      return syncStatus(s.core);
    },
    'conflicts.list': (i, ctx) => {
      manager(ctx);
      return conflicts.list(i.lot_id, i.include_resolved);
    },
    'conflicts.resolve': (i, ctx) => conflicts.resolve(i.conflict_id, i.resolution, manager(ctx)),
    'staff.list': () => s.staff.list(),
    'staff.signIn': (i) => s.staff.signIn(i),
    'staff.signOut': (i, ctx) => s.staff.signOut(session(ctx), i.counted_cash_cents ?? null),
    'shift.current': (_i, ctx) => s.staff.current(session(ctx)),
    'booth.status': (_i, ctx) => {
      const who = session(ctx);
      return {
        booth_id: s.core.boothId,
        booth_name: getSetting(s.core.sqlite, 'booth.name') ?? 'Booth',
        lots: s.core.lots.list(),
        staff: who.staff,
        sync: syncStatus(s.core),
        now: s.core.now(),
      };
    },
    'gate.check': (i, ctx) => s.gate.check(i, staff(ctx)),
    'gate.override': (i, ctx) => s.gate.override(i, staff(ctx)),
    'gate.recent': (i, ctx) => (staff(ctx), s.gate.recent(i)),
    'walkin.admit': (i, ctx) => s.walkin.admit(i, staff(ctx)),
    'walkin.suggestBay': (i, ctx) => (staff(ctx), { bay_number: s.walkin.suggestBay(i.lot_id) }),
    'release.find': (i, ctx) => (staff(ctx), s.release.find(i)),
    'release.quote': (i, ctx) => (staff(ctx), s.release.quote(i)),
    'release.complete': (i, ctx) => s.release.release(i, staff(ctx)),
    'floor.get': (i, ctx) => (staff(ctx), s.floor.get(i.lot_id)),
    'floor.bay': (i, ctx) => (staff(ctx), s.floor.bay(i.bay_id)),
    'floor.counts': (i, ctx) => (staff(ctx), s.floor.countsOf(i.lot_id)),
    'floor.bayHistory': (i, ctx) => (staff(ctx), s.floor.history(i.bay_id, i.limit)),
    'floor.setBayCount': (i, ctx) => s.floor.setBayCount(i.lot_id, i.total_bays, manager(ctx)),
    'floor.blockBay': (i, ctx) => s.floor.block(i.bay_id, i.reason, manager(ctx)),
    'floor.unblockBay': (i, ctx) => s.floor.unblock(i.bay_id, manager(ctx)),
    'audit.list': (i, ctx) => (manager(ctx), listAudit(s.core, i)),
  };
}
