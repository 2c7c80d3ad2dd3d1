import type { z } from 'zod';

/**
 * Who may call an entry: `public` needs no session (only listing staff and signing in), `staff` any signed-in
 * attendant or manager, `manager` managers only.
 */
export type Access = 'public' | 'staff' | 'manager';

export interface ContractEntry<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  access: Access;
  /** One line for `GET /rpc` and the docs. */
  summary: string;
}

export function entry<I extends z.ZodType, O extends z.ZodType>(e: ContractEntry<I, O>): ContractEntry<I, O> {
  return e;
}
