// Notifications over real HTTP: written once per event, respecting each user's settings, pushed live,
// and e-mailed through nodemailer to a local SMTP server (booking confirmation and forgot password).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/pg';
import { makeAdmin, register, type Account, type TestApp } from '../server/app';
import { bookLater, createLot } from './fixtures';
import { smtpMailer } from '../../server/notifications/index';
import type { BookingFacts } from '../../server/notifications/index';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { startPart2App, type Part2App } from './app';
import { openSocket } from './live-clients';
import type { z } from 'zod';
import type { NotificationPage } from '../../src/shared/api/notifications';

type Page = z.infer<typeof NotificationPage>;

const booking = (id: string): BookingFacts => ({
  id,
  lot_name: 'Harbour Garage',
  time_zone: 'Europe/Lisbon',
  start_time: new Date('2026-07-01T08:00:00Z'),
  end_time: new Date('2026-07-01T10:00:00Z'),
  pin: '4821',
  total_cents: 1250,
});

describe.each(backends())('notifications on %s', (backend) => {
  let t: Part2App;
  let smtp: FakeSmtp;
  let ana: Account;
  let bob: Account;
  const get = (path: string, who: Account) => fetch(`${t.url}${path}`, { headers: who.auth });
  const put = (path: string, who: Account, body?: unknown) =>
    fetch(`${t.url}${path}`, {
      method: 'PUT',
      headers: { ...who.auth, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });

  beforeAll(async () => {
    smtp = await startFakeSmtp();
    t = await startPart2App(backend, { mailer: smtpMailer({ host: smtp.host, port: smtp.port, secure: false, from: 'ParkPass <no-reply@parkpass.test>' }) });
    ana = await register(t.app);
    bob = await register(t.app);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('writes a booking confirmation once, e-mails it with the PIN, and pushes it live', async () => {
    const ws = await openSocket(t.url, ana.auth);
    ws.send({ type: 'subscribe', topics: ['user:me'] });
    await ws.inbox.wait((m) => m.type === 'subscribed');
    const id = crypto.randomUUID();
    await t.notifier.notify(t.database.db, ana.id, { kind: 'booking_confirmed', booking: booking(id) });
    await t.notifier.notify(t.database.db, ana.id, { kind: 'booking_confirmed', booking: booking(id) }); // a retry
    const mail = await smtp.waitFor((m) => m.to.includes(ana.email));
    expect(mail.subject).toBe('ParkPass booking confirmed: Harbour Garage');
    expect(mail.text).toContain('Your gate PIN is 4821');
    expect(mail.text).toContain('$12.50');
    const live = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'notification');
    expect(live).toMatchObject({ event: { data: { title: 'Booking confirmed', user_id: ana.id } } });
    await ws.close();

    const list = (await (await get('/api/notifications', ana)).json()) as Page;
    expect(list).toMatchObject({ total: 1, unread_count: 1, items: [{ title: 'Booking confirmed', is_read: false, action_url: `/bookings/${id}` }] });
    expect(list.items[0]?.message).toContain('Wed 1 Jul, 09:00'); // Lisbon summer time, not UTC
    expect(smtp.messages.filter((m) => m.to.includes(ana.email))).toHaveLength(1);
  });

  it('tells the driver of an extension by an admin: the new end and the PIN, in the app and by e-mail', async () => {
    const dora = await register(t.app);
    const owner = await register(t.app, 'owner');
    const admin = await makeAdmin(t as unknown as TestApp);
    const lot = await createLot(t.app, owner);
    const made = await bookLater(t.app, dora, lot.id, 40, 1);
    const end = new Date(Date.parse((made as unknown as { end_time: string }).end_time) + 3_600_000).toISOString();
    const res = await t.app.inject({ method: 'PUT', url: `/api/bookings/${made.id}/extend`, headers: admin.auth, payload: { end_time: end } });
    expect(res.statusCode).toBe(200);
    const extended = res.json() as { pin: string; end_time: string };
    const mail = await smtp.waitFor((m) => m.to.includes(dora.email) && m.subject.startsWith('ParkPass booking extended'));
    expect(mail.text).toContain(`Your gate PIN is ${extended.pin}`);
    const list = (await (await get('/api/notifications', dora)).json()) as Page;
    expect(list.items.map((n: { title: string }) => n.title)).toEqual(['Booking extended', 'Booking confirmed']);
  });

  it('follows the user’s settings: no reminders when off, no e-mail when off, no live push when off', async () => {
    expect((await put('/api/users/settings', bob, { booking_reminders: false, email_notifications: false, push_notifications: false })).status).toBe(200);
    const ws = await openSocket(t.url, bob.auth);
    ws.send({ type: 'subscribe', topics: ['user:me'] });
    await ws.inbox.wait((m) => m.type === 'subscribed');
    expect(await t.notifier.notify(t.database.db, bob.id, { kind: 'booking_reminder', booking: booking(crypto.randomUUID()) })).toBeNull();
    const confirmed = await t.notifier.notify(t.database.db, bob.id, { kind: 'booking_confirmed', booking: booking(crypto.randomUUID()) });
    expect(confirmed?.mailed).toBe(false);
    ws.send({ type: 'ping' });
    await ws.inbox.wait((m) => m.type === 'pong');
    expect(ws.events()).toEqual([]);
    await ws.close();
    const list = (await (await get('/api/notifications', bob)).json()) as Page;
    expect(list.items.map((n: { title: string }) => n.title)).toEqual(['Booking confirmed']);
    expect(smtp.messages.some((m) => m.to.includes(bob.email))).toBe(false);
  });

  it('a booking made through the API follows the same settings (its notification goes in with the booking)', async () => {
    const carl = await register(t.app);
    const owner = await register(t.app, 'owner');
    const lot = await createLot(t.app, owner);
    expect((await put('/api/users/settings', carl, { email_notifications: false, push_notifications: false })).status).toBe(200);
    const ws = await openSocket(t.url, carl.auth);
    ws.send({ type: 'subscribe', topics: ['user:me'] });
    await ws.inbox.wait((m) => m.type === 'subscribed');
    const made = await bookLater(t.app, carl, lot.id, 30);
    // The booking's own live event still comes (it is not a notification); the notification is not pushed.
    const live = await ws.inbox.wait((m) => m.type === 'event' && m.event.kind === 'booking');
    expect(live).toMatchObject({ event: { data: { id: made.id, change: 'created' } } });
    ws.send({ type: 'ping' });
    await ws.inbox.wait((m) => m.type === 'pong');
    expect(ws.events().filter((e) => e.kind === 'notification')).toEqual([]);
    await ws.close();
    const list = (await (await get('/api/notifications', carl)).json()) as Page;
    expect(list.items).toMatchObject([{ title: 'Booking confirmed', action_url: `/bookings/${made.id}` }]);
    expect(list.items[0]?.message).toContain(made.pin);
    expect(smtp.messages.some((m) => m.to.includes(carl.email))).toBe(false);
  });

  it('writes nothing when the surrounding transaction rolls back', async () => {
    const id = crypto.randomUUID();
    await t.database.db
      .transaction(async (tx) => {
        await t.notifier.write(tx, ana.id, { kind: 'checked_in', booking: booking(id) });
        tx.rollback();
      })
      .catch(() => undefined);
    const list = (await (await get('/api/notifications?limit=100', ana)).json()) as Page;
    expect(list.items.some((n) => n.action_url === `/bookings/${id}`)).toBe(false);
    // And the same event can still be written later: the dedupe key rolled back with it.
    expect(await t.notifier.notify(t.database.db, ana.id, { kind: 'checked_in', booking: booking(id) })).not.toBeNull();
  });

  it('marks one read (only one’s own) and all read', async () => {
    const list = (await (await get('/api/notifications?unread_only=true', ana)).json()) as Page;
    expect(list.unread_count).toBeGreaterThanOrEqual(2);
    const first = list.items[0]!.id;
    expect((await put(`/api/notifications/${first}/read`, bob)).status).toBe(404);
    const read = await put(`/api/notifications/${first}/read`, ana);
    expect(await read.json()).toMatchObject({ id: first, is_read: true });
    const all = (await (await put('/api/notifications/read-all', ana)).json()) as { updated: number };
    expect(all.updated).toBe(list.unread_count - 1);
    expect(((await (await get('/api/notifications', ana)).json()) as Page).unread_count).toBe(0);
  });

  it('refuses anonymous and malformed requests with 4xx', async () => {
    expect((await fetch(`${t.url}/api/notifications`)).status).toBe(401);
    expect((await get('/api/notifications?limit=100000', ana)).status).toBe(400);
    expect((await get('/api/notifications?unread_only=maybe', ana)).status).toBe(400);
    expect((await put('/api/notifications/not-a-uuid/read', ana)).status).toBe(400);
  });

  it('sends the forgot-password e-mail through SMTP', async () => {
    const res = await fetch(`${t.url}/api/auth/forgot-password`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ana.email }),
    });
    expect(res.status).toBeLessThan(300);
    const mail = await smtp.waitFor((m) => m.to.includes(ana.email) && /reset/i.test(m.subject));
    expect(mail.text.length).toBeGreaterThan(10);
  });
});
