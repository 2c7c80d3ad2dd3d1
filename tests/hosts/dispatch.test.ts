import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/rpc/dispatch';
import { captureLogger, sessions, tinyContract, tinyHandlers } from './fixtures';

function setup() {
  const t = tinyHandlers();
  const logger = captureLogger();
  const d = createDispatcher(tinyContract, t.handlers, sessions, logger);
  return { ...t, logger, d };
}

describe('dispatcher', () => {
  it('serves a public call without a session and a staff call with one, passing the caller to the handler', async () => {
    const { d } = setup();
    expect(await d.dispatch('hello.public', {}, null)).toEqual({ ok: true, output: { hi: 'there' } });
    expect(await d.dispatch('note.add', { text: 'hi', count: 1 }, 'tok-att')).toEqual({ ok: true, output: { id: 1, by: 'st-att' } });
  });

  it('refuses staff calls without a valid session and manager calls from an attendant, before running anything', async () => {
    const { d, calls } = setup();
    const none = await d.dispatch('note.add', { text: 'x', count: 1 }, null);
    const stale = await d.dispatch('note.add', { text: 'x', count: 1 }, 'tok-expired');
    const att = await d.dispatch('lot.close', { lot_id: 'L1' }, 'tok-att');
    expect(none).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(stale).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(att).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(calls).toEqual([]);
    expect(await d.dispatch('lot.close', { lot_id: 'L1' }, 'tok-man')).toEqual({ ok: true, output: { closed: true } });
  });

  it('answers invalid input with an error naming each failing field, and never calls the handler', async () => {
    const { d, calls, notes } = setup();
    const reply = await d.dispatch('note.add', { text: '', count: 1.5 }, 'tok-att');
    expect(reply.ok).toBe(false);
    if (reply.ok) return;
    expect(reply.error.code).toBe('invalid_input');
    expect(Object.keys(reply.error.fields ?? {}).sort()).toEqual(['count', 'text']);
    expect(reply.error.message).toContain('count');
    expect(await d.dispatch('note.add', 'not an object', 'tok-att')).toMatchObject({ error: { code: 'invalid_input', fields: { input: expect.any(String) } } });
    expect(calls).toEqual([]);
    expect(notes).toEqual([]);
  });

  it('answers not_found for unknown names, including names that exist on Object.prototype', async () => {
    const { d } = setup();
    for (const name of ['nope.nothing', 'constructor', '__proto__', 'toString']) {
      expect(await d.dispatch(name, {}, 'tok-man')).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
  });

  it('turns a handler output outside the contract into an internal error and logs the failing path', async () => {
    const { d, logger } = setup();
    expect(await d.dispatch('bad.output', {}, 'tok-att')).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(logger.lines.join('\n')).toContain('bad.output');
    expect(logger.lines.join('\n')).toContain('"n"');
  });

  it('maps a BoothError to its code, message and fields; any other throw becomes internal without leaking secrets to the log', async () => {
    const { d, logger } = setup();
    expect(await d.dispatch('conflict.always', {}, 'tok-att')).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'Bay 7 is occupied.', fields: { bay_number: 'occupied' } },
    });
    const crash = await d.dispatch('crash.always', { pin: '4821' }, 'tok-att');
    expect(crash).toMatchObject({ ok: false, error: { code: 'internal' } });
    if (!crash.ok) expect(crash.error.message).not.toContain('disk on fire');
    const log = logger.lines.join('\n');
    expect(log).toContain('disk on fire');
    expect(log).not.toContain('4821');
    expect(log).not.toContain('tok-att');
  });

  it('refuses at start-up a handler table that misses or adds an entry', () => {
    const { handlers } = tinyHandlers();
    const { 'lot.close': _dropped, ...missing } = handlers;
    expect(() => createDispatcher(tinyContract, missing as typeof handlers, sessions)).toThrow(/missing for: lot.close/);
    expect(() => createDispatcher(tinyContract, { ...handlers, 'ghost.call': () => ({}) } as typeof handlers, sessions)).toThrow(/not in the contract: ghost.call/);
  });
});
