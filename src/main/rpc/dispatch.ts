/**
 * The host-agnostic half of "one contract, many hosts": given the contract table, the booth's handlers and its
 * sessions, `dispatch(name, rawInput, token)` does everything a call needs besides transport — access check, input
 * parsing, the handler, output parsing — and answers an RpcReply. The IPC loop and the web host are thin wrappers.
 */
import type { z } from 'zod';
import type { ContractEntry, ContractErrorBody, ErrorCode, Staff } from '../../shared/contract';
import { BoothError } from '../../shared/contract/errors';
import type { CallContext } from '../../shared/contract/handlers';
import type { RpcReply } from '../../shared/contract/reply';
import { consoleLogger, type RpcLogger, type SessionResolver } from './types';

export type AnyContract = Record<string, ContractEntry>;
export type HandlerTable<C extends AnyContract> = {
  [N in keyof C]: (
    input: z.output<C[N]['input']>,
    ctx: CallContext,
  ) => z.output<C[N]['output']> | Promise<z.output<C[N]['output']>>;
};

export interface Dispatcher {
  /** Names served, in contract order. */
  readonly names: readonly string[];
  dispatch(name: string, rawInput: unknown, sessionToken: string | null): Promise<RpcReply>;
  /** The same, answered at once when the handler is synchronous (the booth's reads are): no await in between. */
  call(name: string, rawInput: unknown, sessionToken: string | null): RpcReply | Promise<RpcReply>;
  /** The staff member a token signs in, or null: for transports that bind more than one call to a session. */
  session(sessionToken: string | null): Staff | null;
}

type ErrorBody = ContractErrorBody['error'];

function failure(code: ErrorCode, message: string, fields?: Record<string, string>): RpcReply {
  const error: ErrorBody = { code, message };
  if (fields && Object.keys(fields).length > 0) error.fields = fields;
  return { ok: false, error };
}

/** One entry per failing path, e.g. `{ lot_id: 'Invalid input: expected string, received undefined' }`. */
export function fieldsOf(error: z.ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || 'input';
    fields[path] ??= issue.message;
  }
  return fields;
}

export function createDispatcher<C extends AnyContract>(
  contract: C,
  handlers: HandlerTable<C>,
  sessions: SessionResolver,
  logger: RpcLogger = consoleLogger,
): Dispatcher {
  // A handler without an entry (or the reverse) is a wiring mistake: fail at start-up, not on the first call.
  const names = Object.keys(contract);
  const missing = names.filter((n) => typeof (handlers as Record<string, unknown>)[n] !== 'function');
  const extra = Object.keys(handlers).filter((n) => !Object.hasOwn(contract, n));
  if (missing.length > 0) throw new Error(`booth handlers missing for: ${missing.join(', ')}`);
  if (extra.length > 0) throw new Error(`booth handlers not in the contract: ${extra.join(', ')}`);

  function failed(name: string, err: unknown): RpcReply {
    if (err instanceof BoothError) return failure(err.code, err.message, err.fields);
    // Only the name and the error: inputs may carry PINs and passes, contexts carry tokens.
    logger.error({ call: name, err }, 'booth call failed');
    return failure('internal', 'Something went wrong in the booth. The error was logged.');
  }

  function checked(name: string, entry: ContractEntry, output: unknown): RpcReply {
    const result = entry.output.safeParse(output);
    if (!result.success) {
      // The handler broke its own contract: a bug. Log the failing paths, never the values.
      logger.error({ call: name, fields: fieldsOf(result.error) }, 'booth call returned a shape outside the contract');
      return failure('internal', 'The booth produced an unexpected answer. The error was logged.');
    }
    return { ok: true, output: result.data };
  }

  function call(name: string, rawInput: unknown, sessionToken: string | null): RpcReply | Promise<RpcReply> {
    // hasOwn keeps names like "constructor" or "__proto__" from reaching the prototype.
    if (!Object.hasOwn(contract, name)) return failure('not_found', `No booth call named "${name}".`);
    const entry = contract[name] as ContractEntry;
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;

    const staff = sessionToken ? sessions.resolve(sessionToken) : null;
    if (entry.access !== 'public' && !staff) {
      return failure('unauthenticated', 'Sign in first: this needs a staff session.');
    }
    if (entry.access === 'manager' && staff?.role !== 'manager') {
      return failure('forbidden', 'Only a manager may do this.');
    }

    const parsed = entry.input.safeParse(rawInput === undefined ? {} : rawInput);
    if (!parsed.success) {
      const fields = fieldsOf(parsed.error);
      return failure('invalid_input', `Invalid input: ${Object.keys(fields).join(', ')}.`, fields);
    }

    let output: unknown;
    try {
      output = handler(parsed.data, { staff, session_token: staff ? sessionToken : null });
    } catch (err) {
      return failed(name, err);
    }
    if (output instanceof Promise) return output.then((o: unknown) => checked(name, entry, o), (err: unknown) => failed(name, err));
    return checked(name, entry, output);
  }

  return {
    names,
    dispatch: async (name, rawInput, sessionToken) => call(name, rawInput, sessionToken),
    call,
    session: (token) => (token ? sessions.resolve(token) : null),
  };
}
