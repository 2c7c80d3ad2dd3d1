/**
 * The way out to e-mail. Part 1 has no SMTP: the default writes each message as an .eml file under
 * <dataDir>/mail (mode 0600), which is where a developer finds a password reset link.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

export function fileMailer(dataDir: string): Mailer {
  const dir = join(dataDir, 'mail');
  return {
    async send(mail) {
      mkdirSync(dir, { recursive: true });
      const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${Math.random().toString(36).slice(2, 8)}.eml`;
      const eml = `To: ${mail.to}\r\nSubject: ${mail.subject}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${mail.text}\r\n`;
      writeFileSync(join(dir, name), eml, { mode: 0o600 });
    },
  };
}

/** Keeps messages in memory: for tests and for embedding the API in another process. */
export function memoryMailer(): Mailer & { sent: Mail[] } {
  const sent: Mail[] = [];
  return {
    sent,
    async send(mail) {
      sent.push(mail);
    },
  };
}
