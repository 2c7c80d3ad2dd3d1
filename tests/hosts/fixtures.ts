// A tiny contract and handler table for testing the hosts' generic parts without the booth core.
import { z } from 'zod';
import type { Staff } from '../../src/shared/contract';
import { entry } from '../../src/shared/contract/entry';
import { BoothError } from '../../src/shared/contract/errors';
import type { HandlerTable } from '../../src/main/rpc/dispatch';
import type { RpcLogger, SessionResolver } from '../../src/main/rpc/types';

export const tinyContract = {
  'hello.public': entry({ summary: 'anyone', access: 'public', input: z.object({}), output: z.object({ hi: z.string() }) }),
  'note.add': entry({
    summary: 'staff adds a note',
    access: 'staff',
    input: z.object({ text: z.string().min(1), count: z.number().int().positive(), pin: z.string().optional() }),
    output: z.object({ id: z.number().int(), by: z.string() }),
  }),
  'lot.close': entry({ summary: 'manager only', access: 'manager', input: z.object({ lot_id: z.string() }), output: z.object({ closed: z.boolean() }) }),
  'bad.output': entry({ summary: 'a buggy handler', access: 'staff', input: z.object({}), output: z.object({ n: z.number() }) }),
  'conflict.always': entry({ summary: 'always refuses', access: 'staff', input: z.object({}), output: z.object({}) }),
  'crash.always': entry({ summary: 'always throws', access: 'staff', input: z.object({ pin: z.string() }), output: z.object({}) }),
};

export const attendant: Staff = { id: 'st-att', name: 'Ada Attendant', role: 'attendant' };
export const manager: Staff = { id: 'st-man', name: 'Max Manager', role: 'manager' };

export const sessions: SessionResolver = {
  resolve: (token) => (token === 'tok-att' ? attendant : token === 'tok-man' ? manager : null),
};

export function tinyHandlers() {
  const calls: string[] = [];
  const notes: string[] = [];
  const handlers: HandlerTable<typeof tinyContract> = {
    'hello.public': () => ({ hi: 'there' }),
    'note.add': (input, ctx) => {
      calls.push('note.add');
      notes.push(input.text);
      return { id: notes.length, by: ctx.staff?.id ?? 'nobody' };
    },
    'lot.close': () => {
      calls.push('lot.close');
      return { closed: true };
    },
    'bad.output': () => ({ n: 'not a number' }) as unknown as { n: number },
    'conflict.always': () => {
      throw new BoothError('conflict', 'Bay 7 is occupied.', { bay_number: 'occupied' });
    },
    'crash.always': () => {
      throw new Error('disk on fire');
    },
  };
  return { handlers, calls, notes };
}

export function captureLogger(): RpcLogger & { lines: string[] } {
  const lines: string[] = [];
  const log = (obj: object, msg?: string) => lines.push(`${msg ?? ''} ${JSON.stringify(obj, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`);
  return { lines, warn: log, error: log };
}
