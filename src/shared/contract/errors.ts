import type { ErrorCode } from './index';

/**
 * The one error type booth operations throw on purpose. Hosts turn it into `{ error: { code, message, fields } }`
 * (HTTP 4xx on the web host, a rejected promise with the same body over IPC). Anything else is a bug → `internal`.
 */
export class BoothError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'BoothError';
  }
}
