export { paymentRoutes } from './routes';
export { RefundRunner } from './refunds';
export { paymentsFromEnv, stripeClient, type PaymentSettings } from './config';
export { createIntent, confirmPayment, applyIntent, applyRefunded, toPayment, type PaymentDeps } from './service';
export type { WebhookOptions } from './webhook';
