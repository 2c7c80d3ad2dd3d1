// Sync settings for a manager: enroll this booth with the ParkPass API (address + one-time code from the lot
// owner), and see whether it is enrolled, online, and why sync is off if it is.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { SyncStatus } from '../../../shared/contract';
import { BoothCallError, messageOf } from '../client';
import { useBooth } from '../lib/booth-context';
import { formatDateTime } from '../lib/words';

/** The booth's "Enrollment failed: …" in words a manager can act on. */
export function enrollError(err: unknown, apiUrl: string): string {
  const raw = err instanceof BoothCallError ? err.message : '';
  if (/unreachable|answered (5\d\d|408|429)|not JSON/i.test(raw)) {
    return `Cannot reach the ParkPass API at ${apiUrl}: check the address and this booth's network, then try again.`;
  }
  if (/enrollment code|invalid_code|unknown, used or expired/i.test(raw)) {
    return 'That code was not accepted: it is unknown, already used or expired. Ask the lot owner for a new code.';
  }
  if (/revoked/i.test(raw)) return 'This booth was revoked by the lot owner. Ask them for a new code to enroll it again.';
  return messageOf(err);
}

export function SyncSettings() {
  const { client, lot } = useBooth();
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [apiUrl, setApiUrl] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  const load = useCallback(() => {
    client['booth.status']({}).then((s) => setStatus(s.sync), (e: unknown) => setError(messageOf(e)));
  }, [client]);
  useEffect(load, [load]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(false);
    client['sync.enroll']({ api_url: apiUrl.trim(), code: code.trim() }).then(
      (s) => {
        setStatus(s);
        setCode('');
        setDone(true);
        setBusy(false);
      },
      (err: unknown) => {
        setError(enrollError(err, apiUrl.trim()));
        setBusy(false);
      },
    );
  };

  return (
    <section className="sync-settings" aria-label="Sync settings">
      <h2>Sync with the ParkPass API</h2>
      <p role="status" className="sync-state">
        {stateText(status, lot.time_zone)}
        {done && ' Enrollment succeeded.'}
      </p>
      {status?.message && <p className="error">{status.message}</p>}
      <form className="enroll-form" onSubmit={submit}>
        <label htmlFor="enroll-url">API URL</label>
        <input id="enroll-url" className="big-input" type="url" placeholder="https://api.example.com" value={apiUrl} onChange={(e) => setApiUrl(e.target.value)} required />
        <label htmlFor="enroll-code">One-time code</label>
        <input id="enroll-code" className="big-input" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} required minLength={6} maxLength={64} />
        <button type="submit" className="btn-primary" disabled={busy || !apiUrl.trim() || code.trim().length < 6}>
          {busy ? 'Enrolling…' : status?.enrolled ? 'Enroll again' : 'Enroll this booth'}
        </button>
      </form>
      {error && <p className="error" role="alert">{error}</p>}
    </section>
  );
}

function stateText(s: SyncStatus | null, timeZone: string): string {
  if (!s) return 'Reading sync state…';
  if (!s.enrolled) return 'Not enrolled: this booth works standalone.';
  const last = s.last_synced_at ? ` Last synced ${formatDateTime(s.last_synced_at, timeZone)}.` : '';
  return `Enrolled, ${s.online ? 'online' : 'offline'}.${last}`;
}
