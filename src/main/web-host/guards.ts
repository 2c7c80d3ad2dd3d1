// Request guards for a server that must only ever be reachable by the booth's own browser on this machine.
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * DNS rebinding: a page on evil.example whose name later resolves to 127.0.0.1 would reach us with
 * `Host: evil.example`. Only our loopback names, on our own port, are accepted.
 */
export function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader.toLowerCase());
  if (!m || !m[1] || !LOOPBACK_NAMES.has(m[1])) return false;
  return Number(m[2] ?? 80) === port;
}

/** A browser names the page's origin on cross-site writes; anything but our own origin is refused. */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true; // not a browser cross-origin call (same-origin GETs, curl, tests)
  try {
    const u = new URL(origin);
    return u.protocol === 'http:' && hostAllowed(u.host, port);
  } catch {
    return false;
  }
}

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/.exec(header ?? '');
  return m?.[1] ?? null;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
].join('; ');

/** Headers every answer carries; `/rpc` and `/events` answers are never cached. */
export function safeHeaders(url: string): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  };
  if (url.startsWith('/rpc') || url.startsWith('/events')) headers['Cache-Control'] = 'no-store';
  return headers;
}
