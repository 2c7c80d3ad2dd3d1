import { useEffect, useState, type ComponentType } from 'react';
import type { StaffRole } from '../../../shared/domain';
import { Audit } from '../screens/Audit';
import { Conflicts } from '../screens/Conflicts';
import { Floor } from '../screens/Floor';
import { Gate } from '../screens/Gate';
import { Release } from '../screens/Release';
import { Shift } from '../screens/Shift';
import { SyncSettings } from '../screens/SyncSettings';
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
  if (role === 'manager') {
    screens.audit = { label: 'Audit', component: Audit };
    screens.conflicts = { label: 'Conflicts', component: Conflicts };
    screens.sync = { label: 'Sync', component: SyncSettings };
  }
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
    // Alt+1…9 opens the n-th screen: keyboard-only attendants switch screens without tabbing through the page.
    const onKey = (e: KeyboardEvent) => {
      const n = e.altKey && !e.ctrlKey && !e.metaKey && /^[1-9]$/.test(e.key) ? Number(e.key) : 0;
      const key = n ? Object.keys(screens)[n - 1] : undefined;
      if (key) {
        e.preventDefault();
        window.location.hash = `#/${key}`;
      }
    };
    window.addEventListener('hashchange', onHash);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('hashchange', onHash);
      window.removeEventListener('keydown', onKey);
    };
  });
  return [screen, (key) => setScreen(key in screens ? key : 'gate'), screens];
}
