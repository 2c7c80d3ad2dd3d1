// E-mail through SMTP with nodemailer when SMTP_HOST is set (the seed's SMTP_HOST, SMTP_PORT,
// SMTP_USER, SMTP_PASS). Implements the same Mailer the password reset already uses.
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Mailer } from '../auth/mailer';
import { ConfigError } from '../config';

const Env = z.object({
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().min(1).optional(),
  /** "true" for implicit TLS (port 465); otherwise STARTTLS is used when the server offers it. */
  SMTP_SECURE: z.enum(['true', 'false']).optional(),
  MAIL_FROM: z.string().min(3).default('ParkPass <no-reply@parkpass.local>'),
});

export interface SmtpOptions {
  host: string;
  port: number;
  secure: boolean;
  auth?: { user: string; pass: string };
  from: string;
}

/** The SMTP settings, or null when SMTP_HOST is not set (mail then goes to files). */
export function smtpOptionsFromEnv(env: NodeJS.ProcessEnv): SmtpOptions | null {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  if (!e.SMTP_HOST) return null;
  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASS)) throw new ConfigError(e.SMTP_USER ? 'SMTP_PASS' : 'SMTP_USER', 'set both or neither');
  return {
    host: e.SMTP_HOST,
    port: e.SMTP_PORT,
    secure: e.SMTP_SECURE ? e.SMTP_SECURE === 'true' : e.SMTP_PORT === 465,
    ...(e.SMTP_USER && e.SMTP_PASS ? { auth: { user: e.SMTP_USER, pass: e.SMTP_PASS } } : {}),
    from: e.MAIL_FROM,
  };
}

export function smtpMailer(opts: SmtpOptions): Mailer & { close(): void } {
  const transport = nodemailer.createTransport({
    host: opts.host,
    port: opts.port,
    secure: opts.secure,
    ...(opts.auth ? { auth: opts.auth } : {}),
    pool: true,
    maxConnections: 2,
    connectionTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(mail) {
      await transport.sendMail({ from: opts.from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transport.close(),
  };
}
