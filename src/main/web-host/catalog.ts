import { z } from 'zod';
import type { AnyContract } from '../rpc/dispatch';

export interface CatalogEntry {
  name: string;
  access: string;
  summary: string;
  input: unknown;
  output: unknown;
}

/** `GET /rpc`: every entry with the JSON Schemas of its input (as sent) and output (as answered). */
export function catalogOf(contract: AnyContract): CatalogEntry[] {
  return Object.entries(contract).map(([name, e]) => ({
    name,
    access: e.access,
    summary: e.summary,
    input: z.toJSONSchema(e.input, { io: 'input', unrepresentable: 'any' }),
    output: z.toJSONSchema(e.output, { io: 'output', unrepresentable: 'any' }),
  }));
}
