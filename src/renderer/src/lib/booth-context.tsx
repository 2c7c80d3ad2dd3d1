import { createContext, useContext } from 'react';
import type { BoothClient, Lot, Staff } from '../../../shared/contract';
import type { BoothConnection } from '../client';

export interface BoothState {
  connection: BoothConnection;
  client: BoothClient;
  staff: Staff;
  lot: Lot;
  /** Back to sign-in (after the shift was closed). */
  signedOut(): void;
}

export const BoothContext = createContext<BoothState | null>(null);

export function useBooth(): BoothState {
  const state = useContext(BoothContext);
  if (!state) throw new Error('useBooth outside a signed-in screen');
  return state;
}
