// Signed out → sign-in; signed in → status bar, screen tabs and the current screen.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Lot, Staff, SyncStatus } from '../../shared/contract';
import { createConnection, messageOf, type BoothConnection } from './client';
import { StatusBar } from './components/StatusBar';
import { batched, CHANGE_BURST_MS } from './lib/batched';
import { BoothContext, type BoothState } from './lib/booth-context';
import { useHashScreen } from './lib/use-hash-screen';
import { useOpenConflictCount } from './screens/Conflicts';
import { SignIn } from './screens/SignIn';

interface BoothView {
  staff: Staff;
  lots: Lot[];
  sync: SyncStatus;
  skewMs: number;
}

let shared: BoothConnection | null = null;

export function App({ connection = (shared ??= createConnection()) }: { connection?: BoothConnection }) {
  const [view, setView] = useState<BoothView | null>(null);
  const [restoring, setRestoring] = useState(connection.hasSession());
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const s = await connection.client['booth.status']({});
    setView({ staff: s.staff, lots: s.lots, sync: s.sync, skewMs: s.now - Date.now() });
  }, [connection]);

  useEffect(() => {
    if (restoring) void refresh().catch(() => undefined).finally(() => setRestoring(false));
  }, [restoring, refresh]);
  useEffect(() => connection.onSessionLost(() => setView(null)), [connection]);

  const signedOut = useCallback(() => setView(null), []);

  if (restoring) return <p className="loading">Starting…</p>;
  if (!view) {
    return (
      <SignIn
        connection={connection}
        onSignedIn={() => {
          setError(null);
          refresh().catch((e: unknown) => setError(messageOf(e)));
        }}
      />
    );
  }
  return <SignedIn connection={connection} view={view} refresh={refresh} error={error} onSignedOut={signedOut} />;
}

function SignedIn(props: { connection: BoothConnection; view: BoothView; refresh: () => Promise<void>; error: string | null; onSignedOut(): void }) {
  const { connection, view, refresh, onSignedOut } = props;
  const [lotId, setLotId] = useState(view.lots[0]?.id ?? null);
  const lot = view.lots.find((l) => l.id === lotId) ?? view.lots[0];
  const [screen, go, screens] = useHashScreen(view.staff.role);
  const openConflicts = useOpenConflictCount(connection, view.staff.role === 'manager');

  // Keep the status bar's sync figures fresh: after each burst of committed changes, and every few seconds.
  useEffect(() => {
    const t = setInterval(() => void refresh().catch(() => undefined), 5000);
    const soon = batched(() => void refresh().catch(() => undefined), CHANGE_BURST_MS);
    const off = connection.onChange(soon);
    return () => (clearInterval(t), soon.cancel(), off());
  }, [connection, refresh]);

  const state = useMemo<BoothState | null>(
    () => (lot ? { connection, client: connection.client, staff: view.staff, lot, signedOut: onSignedOut } : null),
    [connection, view.staff, lot, onSignedOut],
  );
  if (!lot || !state) return <p className="error">This booth has no lot yet.</p>;

  const signOut = () => {
    connection.client['staff.signOut']({}).finally(onSignedOut);
  };
  const Screen = (screens[screen] ?? Object.values(screens)[0]!).component;
  return (
    <BoothContext.Provider value={state}>
      <StatusBar lot={lot} staff={view.staff} sync={view.sync} skewMs={view.skewMs} onSignOut={signOut} />
      <nav className="tabs" aria-label="Screens">
        {Object.entries(screens).map(([key, s], i) => (
          <a key={key} href={`#/${key}`} className="tab" aria-current={key === screen ? 'page' : undefined} aria-keyshortcuts={`Alt+${i + 1}`} title={`Alt+${i + 1}`} onClick={() => go(key)}>
            {s.label}
            {key === 'conflicts' && openConflicts > 0 && (
              <span className="badge" aria-label={`${openConflicts} open`}>
                {openConflicts}
              </span>
            )}
          </a>
        ))}
        {view.lots.length > 1 && (
          <label className="lot-pick">
            Lot{' '}
            <select value={lot.id} onChange={(e) => setLotId(e.target.value)}>
              {view.lots.map((l) => (
                <option key={l.id} value={l.id}>
                  {l.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </nav>
      <main className="screen">
        {props.error && <p className="error" role="alert">{props.error}</p>}
        <Screen />
      </main>
    </BoothContext.Provider>
  );
}
