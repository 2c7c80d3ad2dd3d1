import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO, openBooth } from '../../src/main/booth';

const dir = mkdtempSync(join(tmpdir(), 'parkpass-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo seed', () => {
  it('seeds a 120-bay lot, staff with the documented PINs and bookings whose passes and PINs work; once', async () => {
    const lines: string[] = [];
    const logger = { info: (o: object | string, msg?: string) => lines.push(`${msg} ${JSON.stringify(o)}`), warn() {} };
    const booth = openBooth({ dataDir: dir, seedDemo: true, logger });
    expect(lines.join('\n')).toContain(`PIN ${DEMO.staff.manager.pin}`);
    const anon = { staff: null, session_token: null };
    const list = await booth.handlers['staff.list']({}, anon);
    expect(list.map((s) => s.role).sort()).toEqual(['attendant', 'manager']);
    const signed = await booth.handlers['staff.signIn']({ staff_id: DEMO.staff.attendant.id, pin: DEMO.staff.attendant.pin }, anon);
    const ctx = { staff: signed.staff, session_token: signed.session_token };
    const floor = await booth.handlers['floor.get']({ lot_id: DEMO.lotId }, ctx);
    // Bay 12 (booked from 10 min ago, not arrived) and bay 14 (from in 20 min) are held for their drivers.
    expect(floor.counts).toMatchObject({ total: 120, occupied: 1, reserved_soon: 2 });
    const byNote = new Map(booth.demo.passes.map((p) => [p.note, p]));
    expect((await booth.handlers['gate.check']({ lot_id: DEMO.lotId, code: byNote.get('valid now')!.pass }, ctx)).decision).toBe('ADMIT');
    expect((await booth.handlers['gate.check']({ lot_id: DEMO.lotId, code: byNote.get('valid for 30 days')!.pin }, ctx)).decision).toBe('ADMIT');
    expect((await booth.handlers['gate.check']({ lot_id: DEMO.lotId, code: byNote.get('cancelled')!.pass }, ctx)).reason).toBe('cancelled');
    booth.close();
    lines.length = 0;
    const again = openBooth({ dataDir: dir, seedDemo: true, logger });
    expect(lines).toEqual([]); // PINs are printed once, at seeding
    expect(again.demo.passes).toHaveLength(DEMO.bookings.length);
    again.close();
  });
});
