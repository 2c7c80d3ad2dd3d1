// Stripe settings (the seed's STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET). Without a secret key there is no
// online payment: bookings are paid at the booth, which records the payment through sync.
import Stripe from 'stripe';
import { z } from 'zod';
import { ConfigError } from '../config';

const Env = z.object({
  STRIPE_SECRET_KEY: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9_]+$/, 'expected a Stripe secret key (sk_test_… or sk_live_…)').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9_+/=]+$/, 'expected a webhook signing secret (whsec_…)').optional(),
  /** Another Stripe-compatible endpoint (e.g. a local test server): http(s)://host:port */
  STRIPE_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  PAYMENT_CURRENCY: z.string().regex(/^[a-z]{3}$/, 'a lower-case ISO currency code').default('usd'),
});

export interface PaymentSettings {
  stripe: Stripe | null;
  webhookSecret: string | null;
  currency: string;
}

export function stripeClient(secretKey: string, apiUrl?: string): Stripe {
  if (!apiUrl) return new Stripe(secretKey, { maxNetworkRetries: 2, timeout: 20_000 });
  const u = new URL(apiUrl);
  return new Stripe(secretKey, {
    host: u.hostname,
    port: Number(u.port || (u.protocol === 'https:' ? 443 : 80)),
    protocol: u.protocol === 'https:' ? 'https' : 'http',
    maxNetworkRetries: 2,
    timeout: 20_000,
  });
}

export function paymentsFromEnv(env: NodeJS.ProcessEnv): PaymentSettings {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) throw new ConfigError('STRIPE_WEBHOOK_SECRET', 'required when STRIPE_SECRET_KEY is set');
  return {
    stripe: e.STRIPE_SECRET_KEY ? stripeClient(e.STRIPE_SECRET_KEY, e.STRIPE_API_URL) : null,
    webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null,
    currency: e.PAYMENT_CURRENCY,
  };
}
