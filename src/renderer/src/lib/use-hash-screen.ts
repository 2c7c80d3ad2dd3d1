import { useEffect, useState, type ComponentType } from 'react';
import type { StaffRole } from '../../../shared/domain';
import { Audit } from '../screens/Audit';
import { Floor } from '../screens/Floor';
import { Gate } from '../screens/Gate';
import { Release } from '../screens/Release';
import { Shift } from '../screens/Shift';
import { WalkIn } from '../screens/WalkIn';

export interface ScreenDef {
  label: string;
  component: ComponentType;
}

/** Screens by role, addressed as #/<key> so a second window can open one directly (e.g. #/floor). */
export function screensFor(role: StaffRole): Record<string, ScreenDef> {
  const screens: Record<string, ScreenDef> = {
    gate: { label: 'Gate', component: Gate },
    release: { label: 'Release', component: Release },
    walkin: { label: 'Walk-in', component: WalkIn },
    floor: { label: role === 'manager' ? 'Floor' : 'Floor (view)', component: Floor },
    shift: { label: 'Shift', component: Shift },
  };
  if (role === 'manager') screens.audit = { label: 'Audit', component: Audit };
  return screens;
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
