// IPC channel names, shared by the preload and src/main/ipc.ts (constants only, so both bundles can import it).
export const CHANNEL_PREFIX = 'booth:';
/** Main → window: (subscription id, BoothChangeEvent). */
export const CHANGE_CHANNEL = 'booth-change';
/** Main → window: (subscription id) — the session ended, nothing more comes on it. */
export const CHANGE_END_CHANNEL = 'booth-change-end';
/** Window → main (invoke): (subscription id, session token) → RpcReply; and (subscription id) to stop. */
export const SUBSCRIBE_CHANNEL = 'booth-changes:subscribe';
export const UNSUBSCRIBE_CHANNEL = 'booth-changes:unsubscribe';
