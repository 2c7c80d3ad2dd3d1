import type { ParkpassBridge } from './api';

declare global {
  interface Window {
    /** Present in the Electron app (preload bridge); absent in browser-kiosk mode, where the client uses HTTP. */
    parkpass?: ParkpassBridge;
  }
}

export {};
