import type { ContractErrorBody } from './index';

/**
 * What a host answers for one call before the client unwraps it: the output, or the same error body the web host
 * sends with its 4xx status. IPC carries this envelope as-is because Electron's contextBridge drops custom fields
 * of thrown errors (code, fields).
 */
export type RpcReply<T = unknown> = { ok: true; output: T } | ({ ok: false } & ContractErrorBody);
