import type { LiveHub } from './hub';
import type { LivePolicyDeps, LiveUser } from './policy';

/** What the live routes need from the rest of the API. */
export interface LiveDeps extends LivePolicyDeps {
  hub: LiveHub;
  /** Verifies an access token; null when invalid or expired. */
  authenticate(token: string): Promise<LiveUser | null>;
}
