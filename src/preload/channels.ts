// IPC channel names, shared by the preload and src/main/ipc.ts (constants only, so both bundles can import it).
export const CHANNEL_PREFIX = 'booth:';
export const CHANGE_CHANNEL = 'booth-change';
