import { randomBytes } from 'node:crypto';
import type { Staff } from '../../../shared/contract';

export interface Session {
  staff: Staff;
  shiftId: string;
  createdAt: number;
}

/**
 * Staff sessions live in memory only: a booth restart signs everyone out (their shift stays open and resumes
 * at the next sign-in). That keeps bearer tokens off the disk, and a booth PC restarts rarely mid-shift.
 */
export class Sessions {
  private readonly byToken = new Map<string, Session>();

  open(staff: Staff, shiftId: string, now: number): string {
    const token = randomBytes(32).toString('base64url');
    this.byToken.set(token, { staff, shiftId, createdAt: now });
    return token;
  }

  get(token: string | null | undefined): Session | null {
    if (!token) return null;
    return this.byToken.get(token) ?? null;
  }

  resolve(token: string | null): Staff | null {
    return this.get(token)?.staff ?? null;
  }

  /** Ends every session of a staff member (their shift has closed). */
  closeStaff(staffId: string): void {
    for (const [token, s] of this.byToken) if (s.staff.id === staffId) this.byToken.delete(token);
  }
}
