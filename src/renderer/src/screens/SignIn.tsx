// Sign-in: pick your name, type your PIN on the keypad (or the keyboard). A wrong PIN says so plainly.
import { useEffect, useRef, useState } from 'react';
import type { Staff } from '../../../shared/contract';
import { messageOf, type BoothConnection } from '../client';
import { Keypad } from '../components/Keypad';
import { parseCents } from '../lib/money';

interface Props {
  connection: BoothConnection;
  onSignedIn(staff: Staff): void;
}

export function SignIn({ connection, onSignedIn }: Props) {
  const [staff, setStaff] = useState<Staff[] | null>(null);
  const [picked, setPicked] = useState<Staff | null>(null);
  const [pin, setPin] = useState('');
  const [float, setFloat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const pinRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    connection.client['staff.list']({}).then(setStaff, (e: unknown) => setError(messageOf(e)));
  }, [connection]);

  useEffect(() => {
    if (picked) pinRef.current?.focus();
  }, [picked]);

  async function submit() {
    if (!picked || pin.length < 4 || busy) return;
    const floatCents = float.trim() ? parseCents(float) : undefined;
    if (floatCents === null) return setError('The opening float is an amount like 50 or 50.00.');
    setBusy(true);
    setError(null);
    try {
      const out = await connection.client['staff.signIn']({ staff_id: picked.id, pin, float_cents: floatCents });
      onSignedIn(out.staff);
    } catch (e) {
      setPin('');
      setError(messageOf(e));
      pinRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="signin" aria-labelledby="signin-title">
      <h1 id="signin-title">ParkPass Booth — sign in</h1>
      {!picked ? (
        <section aria-label="Who is signing in?">
          <h2>Who is signing in?</h2>
          {staff === null && !error && <p>Loading staff…</p>}
          <div className="staff-grid">
            {staff?.map((s) => (
              <button key={s.id} type="button" className="staff-tile" onClick={() => (setPicked(s), setError(null))}>
                <span className="staff-name">{s.name}</span>
                <span className="staff-role">{s.role}</span>
              </button>
            ))}
          </div>
        </section>
      ) : (
        <form
          className="pin-form"
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
        >
          <h2>
            PIN for {picked.name}{' '}
            <button type="button" className="link" onClick={() => (setPicked(null), setPin(''), setError(null))}>
              Not you?
            </button>
          </h2>
          <label htmlFor="pin" className="visually-hidden">
            PIN
          </label>
          <input
            id="pin"
            ref={pinRef}
            className="pin-input"
            type="password"
            inputMode="none"
            autoComplete="off"
            maxLength={8}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            aria-describedby={error ? 'signin-error' : undefined}
          />
          <Keypad
            onDigit={(d) => setPin((p) => (p + d).slice(0, 8))}
            onBackspace={() => setPin((p) => p.slice(0, -1))}
            onClear={() => setPin('')}
            enterLabel="Sign in"
            disabled={busy}
          />
          <label htmlFor="float" className="float-label">
            Opening cash float (optional)
          </label>
          <input id="float" className="big-input narrow" inputMode="decimal" autoComplete="off" value={float} onChange={(e) => setFloat(e.target.value)} />
        </form>
      )}
      {error && (
        <p id="signin-error" className="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
