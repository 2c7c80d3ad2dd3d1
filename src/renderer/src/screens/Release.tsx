// Release: find the parked car (plate, PIN, pass scan or bay) → duration and fee → payment → bay freed.
import { useRef, useState } from 'react';
import type { Booking, FeeQuote } from '../../../shared/contract';
import { messageOf } from '../client';
import { PaymentForm } from '../components/PaymentForm';
import { useBooth } from '../lib/booth-context';
import { formatDateTime, formatDuration } from '../lib/words';

type By = 'plate' | 'pin' | 'pass' | 'bay';
const BY_LABEL: Record<By, string> = { plate: 'Plate', pin: 'PIN', pass: 'Pass scan', bay: 'Bay' };

export function Release() {
  const { client, lot } = useBooth();
  const [by, setBy] = useState<By>('plate');
  const [value, setValue] = useState('');
  const [found, setFound] = useState<Booking[] | null>(null);
  const [quote, setQuote] = useState<FeeQuote | null>(null);
  const [lostPass, setLostPass] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const search = useRef<HTMLInputElement>(null);

  async function find() {
    if (!value.trim()) return;
    setError(null);
    setDone(null);
    setQuote(null);
    try {
      // A scanned pass arrives as one long token: search it as a pass whatever the picker says.
      const kind: By = value.trim().length > 40 ? 'pass' : by;
      const list = await client['release.find']({ lot_id: lot.id, by: kind, value: value.trim() });
      setFound(list);
      if (list.length === 1 && list[0]) await pick(list[0], false);
    } catch (e) {
      setError(messageOf(e));
    }
  }

  async function pick(b: Booking, lost: boolean) {
    setError(null);
    setLostPass(lost); // the checkbox follows the tap at once; the fee follows the new quote
    try {
      setQuote(await client['release.quote']({ booking_id: b.id, lost_pass: lost }));
    } catch (e) {
      setError(messageOf(e));
    }
  }

  function finished(message: string) {
    setDone(message);
    setQuote(null);
    setFound(null);
    setValue('');
    search.current?.focus();
  }

  return (
    <div className="release">
      <form
        className="search-form"
        aria-label="Find a parked car"
        onSubmit={(e) => {
          e.preventDefault();
          void find();
        }}
      >
        <fieldset className="segmented">
          <legend>Find by</legend>
          {(Object.keys(BY_LABEL) as By[]).map((k) => (
            <label key={k} className={by === k ? 'seg seg-on' : 'seg'}>
              <input type="radio" name="by" value={k} checked={by === k} onChange={() => setBy(k)} />
              {BY_LABEL[k]}
            </label>
          ))}
        </fieldset>
        <label htmlFor="release-value" className="visually-hidden">
          {BY_LABEL[by]}
        </label>
        <div className="row">
          <input
            id="release-value"
            ref={search}
            className="big-input"
            autoFocus
            autoComplete="off"
            spellCheck={false}
            placeholder={`${BY_LABEL[by]}…`}
            maxLength={512}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
          <button type="submit" className="btn-primary">
            Find
          </button>
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="done" role="status">
          {done}
        </p>
      )}
      {found && !quote && (
        <section aria-label="Cars found">
          {found.length === 0 ? (
            <p>No parked car matches. Check the {BY_LABEL[by].toLowerCase()} or try another way.</p>
          ) : (
            <ul className="found-list">
              {found.map((b) => (
                <li key={b.id}>
                  <button type="button" className="found" onClick={() => void pick(b, false)}>
                    <span className="plate">{b.vehicle_number}</span>
                    <span>{b.bay_number !== null ? `Bay ${b.bay_number}` : 'No bay'}</span>
                    <span>{b.check_in_time !== null ? `in since ${formatDateTime(b.check_in_time, lot.time_zone)}` : 'not checked in'}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
      {quote && (
        <section className="quote" aria-label="Fee">
          <h2>
            <span className="plate">{quote.booking.vehicle_number}</span>
            {quote.booking.bay_number !== null && <> · Bay {quote.booking.bay_number}</>} · parked {formatDuration(quote.duration_ms)}
          </h2>
          <label className="check">
            <input type="checkbox" checked={lostPass} onChange={(e) => void pick(quote.booking, e.target.checked)} /> Lost pass
          </label>
          {/* A new quote (lost pass ticked, or asked again) is a new form: a method chosen for the old amount may not fit. */}
          <PaymentForm key={`${quote.booking.id}:${quote.quoted_at}:${lostPass}`} quote={quote} lostPass={lostPass} onDone={finished} onError={setError} />
        </section>
      )}
    </div>
  );
}
