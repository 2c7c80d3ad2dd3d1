// The attendant's home. One input keeps focus: a USB scanner types the pass and Enter into it, or the attendant
// types a PIN (keyboard or keypad). The answer stays on screen until the next check.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { GateDecision } from '../../../shared/contract';
import { messageOf } from '../client';
import { CameraScanner } from '../components/CameraScanner';
import { DecisionPanel, RecentDecisions } from '../components/Decision';
import { Keypad } from '../components/Keypad';
import { Override } from '../components/Override';
import { useBooth } from '../lib/booth-context';
import { useRefocus } from '../lib/use-refocus';

export function Gate() {
  const { client, lot, connection } = useBooth();
  const [code, setCode] = useState('');
  const [decision, setDecision] = useState<GateDecision | null>(null);
  const [recent, setRecent] = useState<GateDecision[]>([]);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);
  const input = useRef<HTMLInputElement>(null);
  useRefocus(input);

  const loadRecent = useCallback(() => {
    client['gate.recent']({ lot_id: lot.id, limit: 8 }).then(setRecent, () => undefined);
  }, [client, lot.id]);
  useEffect(loadRecent, [loadRecent]);
  useEffect(() => connection.onChange((c) => c.lot_id === lot.id && c.kind === 'decision' && loadRecent()), [connection, lot.id, loadRecent]);

  async function check(value: string) {
    const typed = value.trim();
    if (!typed || busy.current) return;
    busy.current = true;
    setCode('');
    setError(null);
    try {
      const d = await client['gate.check']({ lot_id: lot.id, code: typed });
      setDecision(d);
      loadRecent();
    } catch (e) {
      setDecision(null);
      setError(messageOf(e));
    } finally {
      busy.current = false;
      input.current?.focus();
    }
  }

  return (
    <div className="gate">
      <form
        className="gate-form"
        onSubmit={(e) => {
          e.preventDefault();
          void check(code);
        }}
      >
        <label htmlFor="gate-code" className="gate-label">
          Scan a pass or type a PIN
        </label>
        <input
          id="gate-code"
          ref={input}
          className="gate-input"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          inputMode="none"
          maxLength={512}
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <Keypad
          onDigit={(d) => setCode((c) => c + d)}
          onBackspace={() => setCode((c) => c.slice(0, -1))}
          onClear={() => setCode('')}
          enterLabel="Check"
        />
        <CameraScanner onCode={(c) => void check(c)} afterAction={() => input.current?.focus()} />
      </form>
      <div className="gate-answer">
        <DecisionPanel decision={decision} timeZone={lot.time_zone} />
        {decision?.decision === 'DENY' && (
          <Override key={decision.id} denied={decision} onDecision={(d) => (setDecision(d), loadRecent())} done={() => input.current?.focus()} />
        )}
        <RecentDecisions items={recent} timeZone={lot.time_zone} />
      </div>
    </div>
  );
}
