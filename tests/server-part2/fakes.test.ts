// The protocol fakes are only worth having if the official SDKs work against them unchanged:
// these tests drive each fake through the real client library and check the answers it parses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import nodemailer from 'nodemailer';
import { CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { signWebhook, startFakeStripe, type FakeStripe } from '../fakes/stripe';
import { startFakeSmtp, type FakeSmtp } from '../fakes/smtp';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { startFakeGeocoder, type FakeGeocoder } from '../fakes/geocoding';

describe('Stripe fake with the stripe SDK', () => {
  let fake: FakeStripe;
  let stripe: Stripe;
  beforeAll(async () => {
    fake = await startFakeStripe();
    stripe = fake.client();
  });
  afterAll(() => fake.close());

  it('creates, retrieves, confirms and refunds a payment intent', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1250, currency: 'usd', metadata: { booking_id: 'b1' } });
    expect(intent).toMatchObject({ amount: 1250, currency: 'usd', status: 'requires_payment_method', metadata: { booking_id: 'b1' } });
    expect(intent.client_secret).toMatch(/^pi_.+_secret_/);
    expect((await stripe.paymentIntents.retrieve(intent.id)).id).toBe(intent.id);
    const paid = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    expect(paid).toMatchObject({ status: 'succeeded', amount_received: 1250 });
    const part = await stripe.refunds.create({ payment_intent: intent.id, amount: 250 });
    expect(part).toMatchObject({ amount: 250, status: 'succeeded', payment_intent: intent.id });
    const rest = await stripe.refunds.create({ payment_intent: intent.id });
    expect(rest.amount).toBe(1000);
    await expect(stripe.refunds.create({ payment_intent: intent.id, amount: 1 })).rejects.toMatchObject({ code: 'charge_already_refunded' });
    expect(fake.events.map((e) => e.type)).toEqual(['payment_intent.succeeded', 'charge.refunded', 'charge.refunded']);
  });

  it('reports a declined card as the SDK card error with the intent still unpaid', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 500, currency: 'usd' });
    const err = await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect(err).toMatchObject({ code: 'card_declined', statusCode: 402 });
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_payment_method');
  });

  it('rejects a wrong key, unknown ids and bad amounts with typed SDK errors', async () => {
    const wrong = new Stripe('sk_test_wrong', { host: fake.host, port: fake.port, protocol: 'http' });
    await expect(wrong.paymentIntents.create({ amount: 100, currency: 'usd' })).rejects.toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toMatchObject({ code: 'resource_missing', statusCode: 404 });
    await expect(stripe.paymentIntents.create({ amount: -5, currency: 'usd' })).rejects.toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
  });

  it('replays a POST with the same idempotency key instead of charging twice', async () => {
    const a = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' }, { idempotencyKey: 'booking-42' });
    const b = await stripe.paymentIntents.create({ amount: 700, currency: 'usd' }, { idempotencyKey: 'booking-42' });
    expect(b.id).toBe(a.id);
  });

  it('delivers webhook events that the SDK verifies, and a forged signature fails', async () => {
    const received: string[] = [];
    const sink = await import('../fakes/http').then((m) =>
      m.startHttpFake((req) => {
        const event = stripe.webhooks.constructEvent(req.body, String(req.headers['stripe-signature']), 'whsec_test');
        received.push(event.type);
        return { status: 200 };
      }),
    );
    fake.deliverWebhooksTo(`${sink.url}/hook`, 'whsec_test');
    const intent = await stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
    await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    await fake.settled();
    await sink.close();
    expect(received).toEqual(['payment_intent.succeeded']);
    const payload = JSON.stringify({ id: 'evt_1', type: 'x' });
    expect(() => stripe.webhooks.constructEvent(payload, signWebhook(payload, 'whsec_other'), 'whsec_test')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});

describe('SMTP fake with nodemailer', () => {
  let smtp: FakeSmtp;
  beforeAll(async () => {
    smtp = await startFakeSmtp({ user: 'mailer', pass: 's3cret' });
  });
  afterAll(() => smtp.close());

  it('captures a message with its envelope, subject and decoded text', async () => {
    const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, auth: { user: 'mailer', pass: 's3cret' } });
    await transport.sendMail({ from: 'ParkPass <no-reply@parkpass.test>', to: 'ana@example.com', subject: 'Réservation confirmée', text: 'Votre PIN est 4821 — à bientôt.' });
    const mail = await smtp.waitFor((m) => m.to.includes('ana@example.com'));
    expect(mail).toMatchObject({ from: 'no-reply@parkpass.test', subject: 'Réservation confirmée' });
    expect(mail.text).toContain('Votre PIN est 4821 — à bientôt.');
    transport.close();
  });

  it('refuses a wrong password', async () => {
    const transport = nodemailer.createTransport({ host: smtp.host, port: smtp.port, secure: false, auth: { user: 'mailer', pass: 'nope' } });
    await expect(transport.sendMail({ from: 'a@parkpass.test', to: 'b@example.com', subject: 'x', text: 'y' })).rejects.toThrow(/Invalid/);
    transport.close();
  });
});

describe('S3 fake with the AWS SDK v3', () => {
  let s3: FakeS3;
  const clientFor = (secret: string) =>
    new S3Client({
      endpoint: s3.url,
      forcePathStyle: true,
      region: s3.region,
      credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: secret },
    });
  beforeAll(async () => {
    s3 = await startFakeS3();
  });
  afterAll(() => s3.close());

  it('round-trips an object with its content type, then deletes it', async () => {
    const client = clientFor(s3.secretAccessKey);
    await client.send(new CreateBucketCommand({ Bucket: 'lots' }));
    const bytes = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(70_000, 7)]);
    await client.send(new PutObjectCommand({ Bucket: 'lots', Key: 'lot-1/a b.png', Body: bytes, ContentType: 'image/png', CacheControl: 'max-age=60' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'lots', Key: 'lot-1/a b.png' }));
    expect(got.ContentType).toBe('image/png');
    expect(got.CacheControl).toBe('max-age=60');
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    await client.send(new DeleteObjectCommand({ Bucket: 'lots', Key: 'lot-1/a b.png' }));
    await expect(client.send(new GetObjectCommand({ Bucket: 'lots', Key: 'lot-1/a b.png' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    client.destroy();
  });

  it('refuses a client signing with the wrong secret, and a missing bucket', async () => {
    const bad = clientFor('wrong-secret');
    await expect(bad.send(new PutObjectCommand({ Bucket: 'lots', Key: 'x', Body: 'x' }))).rejects.toMatchObject({ name: 'SignatureDoesNotMatch' });
    expect(s3.buckets.get('lots')?.has('x')).toBe(false);
    const good = clientFor(s3.secretAccessKey);
    await expect(good.send(new PutObjectCommand({ Bucket: 'nope', Key: 'x', Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    bad.destroy();
    good.destroy();
  });
});

describe('Geocoding fake', () => {
  let geo: FakeGeocoder;
  beforeAll(async () => {
    geo = await startFakeGeocoder([{ address: '1 Main St, Springfield', lat: 39.78, lng: -89.65 }]);
  });
  afterAll(() => geo.close());

  it('answers known addresses, ZERO_RESULTS for unknown, REQUEST_DENIED for a bad key', async () => {
    const ask = async (address: string, key = geo.apiKey) =>
      (await fetch(`${geo.url}/maps/api/geocode/json?${new URLSearchParams({ address, key })}`)).json() as Promise<{
        status: string;
        results: Array<{ geometry: { location: { lat: number; lng: number } } }>;
      }>;
    const ok = await ask('1 main st springfield');
    expect(ok.status).toBe('OK');
    expect(ok.results[0]?.geometry.location).toEqual({ lat: 39.78, lng: -89.65 });
    expect((await ask('nowhere')).status).toBe('ZERO_RESULTS');
    expect((await ask('1 Main St, Springfield', 'bad')).status).toBe('REQUEST_DENIED');
  });
});
