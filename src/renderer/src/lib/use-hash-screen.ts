import { useEffect, useState, type ComponentType } from 'react';
import type { StaffRole } from '../../../shared/domain';
import { Gate } from '../screens/Gate';

export interface ScreenDef {
  label: string;
  component: ComponentType;
}

/** Screens by role, addressed as #/<key> so a second window can open one directly (e.g. #/floor). */
export function screensFor(_role: StaffRole): Record<string, ScreenDef> {
  return { gate: { label: 'Gate', component: Gate } };
}

export function useHashScreen(role: StaffRole): [string, (key: string) => void, Record<string, ScreenDef>] {
  const screens = screensFor(role);
  const read = () => {
    const key = window.location.hash.replace(/^#\/?/, '');
    return key in screens ? key : 'gate';
  };
  const [screen, setScreen] = useState(read);
  useEffect(() => {
    const onHash = () => setScreen(read());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  });
  return [screen, (key) => setScreen(key in screens ? key : 'gate'), screens];
}
