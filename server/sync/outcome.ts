import type { CommandResult, SyncBooking } from '../../src/shared/sync/protocol';
import { ApiError } from '../errors';

export type Outcome = Omit<CommandResult, 'id'>;

export const applied = (): Outcome => ({ status: 'applied', reason: null, canonical: null });
export const conflictWith = (reason: string, canonical: SyncBooking): Outcome => ({ status: 'conflict', reason, canonical });

/** A command the API refuses under its rules: recorded as rejected, so a retry answers "duplicate". */
export class Rejection extends ApiError {
  constructor(code: string, message: string) {
    super(422, code, message);
  }
}
export const reject = (code: string, message: string) => new Rejection(code, message);
