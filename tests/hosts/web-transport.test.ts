// The web host's transport rules over real HTTP, with a tiny handler table (the real booth is in web-host.test.ts).
import { EventEmitter } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/main/rpc/dispatch';
import { buildWebApp } from '../../src/main/web-host/app';
import { startWebHost } from '../../src/main/web-host';
import { captureLogger, sessions, tinyContract, tinyHandlers } from './fixtures';
import { http, readChanges, rpc } from './http';

const tiny = tinyHandlers();
const events = new EventEmitter();
const logger = captureLogger();
let app: FastifyInstance;
let base = '';
let port = 0;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'pp-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>ParkPass Booth</title>');
  const dispatcher = createDispatcher(tinyContract, tiny.handlers, sessions, logger);
  app = await buildWebApp({ contract: tinyContract, dispatcher, events, rendererDir, logger, port: () => port });
  await app.listen({ host: '127.0.0.1', port: 0 });
  port = (app.server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});
afterAll(() => app.close());

describe('web host transport', () => {
  it('answers a call as JSON and every contract error with its status and the same error body', async () => {
    expect((await rpc(base, 'hello.public', {})).json()).toEqual({ hi: 'there' });
    const cases: Array<[string, unknown, string | undefined, number, string]> = [
      ['note.add', { text: 'a', count: 1 }, undefined, 401, 'unauthenticated'],
      ['lot.close', { lot_id: 'L1' }, 'tok-att', 403, 'forbidden'],
      ['note.add', { text: 'a' }, 'tok-att', 400, 'invalid_input'],
      ['no.such', {}, 'tok-att', 404, 'not_found'],
      ['conflict.always', {}, 'tok-att', 409, 'conflict'],
      ['crash.always', { pin: '1234' }, 'tok-att', 500, 'internal'],
    ];
    for (const [name, input, token, status, code] of cases) {
      const res = await rpc(base, name, input, token);
      expect([name, res.status]).toEqual([name, status]);
      expect(res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
    }
    const invalid = (await rpc(base, 'note.add', { text: 'a' }, 'tok-att')).json() as { error: { fields: object } };
    expect(invalid.error.fields).toHaveProperty('count');
    expect(tiny.calls).toEqual([]);
  });

  it('refuses bodies that an HTML form could send, bad JSON and oversized bodies, calling nothing', async () => {
    const before = tiny.notes.length;
    const post = (type: string, body: string) =>
      http(`${base}/rpc/note.add`, { method: 'POST', headers: { 'Content-Type': type, Authorization: 'Bearer tok-att' }, body });
    expect((await post('text/plain', '{"text":"x","count":1}')).status).toBe(415);
    expect((await post('application/x-www-form-urlencoded', 'text=x&count=1')).status).toBe(415);
    const bad = await post('application/json', '{"text":');
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_input' } });
    expect((await post('application/json', JSON.stringify({ text: 'x'.repeat(70_000), count: 1 }))).status).toBe(413);
    expect(tiny.notes.length).toBe(before);
  });

  it('refuses other Host names (DNS rebinding) and cross-origin writes', async () => {
    const evilHost = await rpc(base, 'hello.public', {}, undefined, { Host: `evil.example:${port}` });
    expect(evilHost.status).toBe(403);
    expect((await http(`${base}/`, { headers: { Host: 'evil.example' } })).status).toBe(403);
    const evilOrigin = await rpc(base, 'note.add', { text: 'x', count: 1 }, 'tok-att', { Origin: 'http://evil.example' });
    expect(evilOrigin.status).toBe(403);
    expect(tiny.calls).toEqual([]);
    expect((await rpc(base, 'hello.public', {}, undefined, { Host: `localhost:${port}`, Origin: `http://localhost:${port}` })).status).toBe(200);
  });

  it('serves the renderer with safe headers, and lists every entry with JSON Schemas at GET /rpc', async () => {
    const page = await http(`${base}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('ParkPass Booth');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(String(page.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    const list = (await http(`${base}/rpc`)).json() as { entries: Array<{ name: string; access: string; input: { properties: object } }> };
    expect(list.entries.map((e) => e.name)).toEqual(Object.keys(tinyContract));
    const note = list.entries.find((e) => e.name === 'note.add');
    expect(note?.access).toBe('staff');
    expect(Object.keys(note?.input.properties ?? {})).toEqual(['text', 'count', 'pin']);
  });

  it('relays booth changes to a signed-in /events stream, in the contract shape, in commit order', async () => {
    const got = readChanges(`${base}/events`, 3, () => {
      events.emit('change', { kind: 'decision', lot_id: 'L1', bay_id: 'B7', booking_id: 'K1', decision: 'ADMIT' });
      events.emit('change', { kind: 'gate.admit', lot_id: 'L1' }); // not a kind of the contract: dropped, logged
      events.emit('change', { kind: 'bay', lot_id: 'L1', bay_id: 'B7' });
      events.emit('change', { kind: 'floor', lot_id: 'L1' });
    }, { Authorization: 'Bearer tok-att' });
    // This contract has no floor.bay to read the bay with: the bay is null, and the page would re-read it.
    expect(await got).toEqual([
      { kind: 'decision', lot_id: 'L1', bay_id: 'B7', bay: null },
      { kind: 'bay', lot_id: 'L1', bay_id: 'B7', bay: null },
      { kind: 'floor', lot_id: 'L1', bay_id: null, bay: null },
    ]);
    expect(logger.lines.some((l) => l.includes('booth change outside the contract'))).toBe(true);
  });

  it('refuses the /events stream without a live session (401), and from another origin or Host (403)', async () => {
    for (const headers of [{}, { Authorization: 'Bearer tok-nobody' }, { Authorization: 'tok-att' }] as Record<string, string>[]) {
      const res = await http(`${base}/events`, { headers });
      expect(res.status).toBe(401);
      expect(String(res.headers['content-type'])).toContain('application/json');
      expect(res.json()).toEqual({ error: { code: 'unauthenticated', message: expect.any(String) } });
    }
    const evilOrigin = await http(`${base}/events`, { headers: { Authorization: 'Bearer tok-att', Origin: 'http://evil.example' } });
    expect(evilOrigin.status).toBe(403);
    const evilHost = await http(`${base}/events`, { headers: { Authorization: 'Bearer tok-att', Host: `evil.example:${port}` } });
    expect(evilHost.status).toBe(403);
  });

  it('refuses to listen anywhere but loopback', async () => {
    const booth = { handlers: {}, sessions, events } as never;
    await expect(startWebHost({ booth, host: '0.0.0.0', port: 0, rendererDir: '/nonexistent' })).rejects.toThrow(/loopback only/);
  });
});
