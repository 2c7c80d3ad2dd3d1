import { v7 } from 'uuid';

/** Every id the booth makes is a UUIDv7: time-ordered (cheap B-tree inserts) and unique across booths. */
export function newId(): string {
  return v7();
}
