// A local SMTP server (the `smtp-server` package) that accepts every message and keeps it, so
// nodemailer can be exercised for real. Auth is optional; when a user is given, it is required.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  /** The text/plain body, transfer-decoded. */
  text: string;
  raw: string;
}

export interface FakeSmtp {
  host: string;
  port: number;
  messages: CapturedMail[];
  /** Resolves with the first message (already received or arriving within `ms`) matching `match`. */
  waitFor(match: (m: CapturedMail) => boolean, ms?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export async function startFakeSmtp(auth?: { user: string; pass: string }): Promise<FakeSmtp> {
  const messages: CapturedMail[] = [];
  const waiters: Array<() => void> = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(session, _conn, cb) {
      if (auth && session.username === auth.user && session.password === auth.pass) cb(null, { user: auth.user });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
        messages.push({ from, to: session.envelope.rcptTo.map((r) => r.address), ...parseMessage(raw), raw });
        waiters.splice(0).forEach((wake) => wake());
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;

  const waitFor = (match: (m: CapturedMail) => boolean, ms = 5000): Promise<CapturedMail> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no matching e-mail arrived')), ms);
      const check = (): void => {
        const found = messages.find(match);
        if (found) {
          clearTimeout(timer);
          resolve(found);
        } else waiters.push(check);
      };
      check();
    });

  return {
    host: '127.0.0.1',
    port,
    messages,
    waitFor,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function parseMessage(raw: string): { subject: string; text: string } {
  const { headers, body } = splitHead(raw);
  const subject = decodeWords(headers.get('subject') ?? '');
  return { subject, text: textPart(headers, body) };
}

function splitHead(part: string): { headers: Map<string, string>; body: string } {
  const cut = part.search(/\r?\n\r?\n/);
  const head = cut < 0 ? part : part.slice(0, cut);
  const body = cut < 0 ? '' : part.slice(cut).replace(/^\r?\n\r?\n/, '');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return { headers, body };
}

function textPart(headers: Map<string, string>, body: string): string {
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.toLowerCase().startsWith('multipart/') && boundary) {
    for (const piece of body.split(`--${boundary}`).slice(1)) {
      const inner = splitHead(piece.replace(/^\r?\n/, ''));
      const found = textPart(inner.headers, inner.body);
      if (found) return found;
    }
    return '';
  }
  if (!type.toLowerCase().startsWith('text/plain')) return '';
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8').trim();
  if (encoding === 'quoted-printable') return decodeQp(body).trim();
  return body.trim();
}

function decodeQp(s: string): string {
  const escaped = s
    .replace(/=\r?\n/g, '')
    .replace(/%/g, '%25')
    .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
  try {
    return decodeURIComponent(escaped);
  } catch {
    return s;
  }
}

function decodeWords(s: string): string {
  return s.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=/gi, (_m, kind: string, text: string) =>
    kind.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQp(text.replace(/_/g, ' ')),
  );
}
