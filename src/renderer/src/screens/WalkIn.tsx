// Walk-in: plate, model, bay (the nearest free one suggested) → a booking checked in now and its pass as a QR.
import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import { messageOf, BoothCallError } from '../client';
import { useBooth } from '../lib/booth-context';
import { formatTime } from '../lib/words';

interface Issued {
  plate: string;
  bay: number;
  pass: string;
  pin: string | null;
  qr: string;
  at: number;
}

export function WalkIn() {
  const { client, lot } = useBooth();
  const [plate, setPlate] = useState('');
  const [model, setModel] = useState('');
  const [bay, setBay] = useState('');
  const [override, setOverride] = useState<string | null>(null);
  const [issued, setIssued] = useState<Issued | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const suggest = () =>
    client['walkin.suggestBay']({ lot_id: lot.id }).then(
      (s) => setBay(s.bay_number === null ? '' : String(s.bay_number)),
      () => undefined,
    );
  useEffect(() => void suggest(), [lot.id]);

  async function admit() {
    setBusy(true);
    setError(null);
    try {
      const out = await client['walkin.admit']({
        lot_id: lot.id,
        vehicle_number: plate,
        vehicle_model: model.trim() || undefined,
        bay_number: bay.trim() ? Number(bay) : undefined,
        override_reason: override?.trim() || undefined,
      });
      const qr = await QRCode.toDataURL(out.pass, { errorCorrectionLevel: 'M', margin: 2, width: 320 });
      setIssued({ plate: out.booking.vehicle_number, bay: out.bay_number, pass: out.pass, pin: out.booking.pin, qr, at: out.booking.start_time });
      setPlate('');
      setModel('');
      setOverride(null);
      void suggest();
    } catch (e) {
      setError(messageOf(e));
      if (e instanceof BoothCallError && e.fields?.override_reason) setOverride('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="walkin">
      <form
        className="walkin-form"
        aria-label="Admit a walk-in"
        onSubmit={(e) => {
          e.preventDefault();
          void admit();
        }}
      >
        <label htmlFor="walkin-plate">Plate</label>
        <input id="walkin-plate" className="big-input plate" autoFocus autoComplete="off" spellCheck={false} maxLength={16} required value={plate} onChange={(e) => setPlate(e.target.value.toUpperCase())} />
        <label htmlFor="walkin-model">Model (optional)</label>
        <input id="walkin-model" className="big-input" autoComplete="off" maxLength={100} value={model} onChange={(e) => setModel(e.target.value)} />
        <label htmlFor="walkin-bay">Bay (nearest free suggested)</label>
        <input id="walkin-bay" className="big-input" inputMode="numeric" autoComplete="off" value={bay} onChange={(e) => setBay(e.target.value.replace(/\D/g, ''))} />
        {override !== null && (
          <>
            <label htmlFor="walkin-override">Reason to admit anyway</label>
            <input id="walkin-override" className="big-input" autoComplete="off" value={override} onChange={(e) => setOverride(e.target.value)} />
          </>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="btn-primary btn-wide" disabled={busy || !plate.trim()}>
          Admit and issue pass
        </button>
      </form>
      {issued && (
        <section className="pass-card" aria-label="Issued pass">
          <h2>
            Bay {issued.bay} · <span className="plate">{issued.plate}</span>
          </h2>
          <img src={issued.qr} alt={`QR pass for ${issued.plate}`} width={320} height={320} />
          <p>
            Entered {formatTime(issued.at, lot.time_zone)}
            {issued.pin && <> · PIN {issued.pin}</>}
          </p>
          <button type="button" className="btn-small no-print" onClick={() => window.print()}>
            Print pass
          </button>
        </section>
      )}
    </div>
  );
}
