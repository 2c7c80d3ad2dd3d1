// The webcam path of the gate: html5-qrcode decodes QR passes from a camera the attendant picks. Loaded on first
// use so the gate starts fast on booths without a camera.
import { useEffect, useRef, useState } from 'react';
import type { CameraDevice, Html5Qrcode } from 'html5-qrcode';

const READER_ID = 'qr-reader';
/** A pass held up to the camera is seen on every frame: the same code is checked once per this interval. */
const SAME_CODE_MS = 5000;

function cameraError(e: unknown): string {
  const name = (e as { name?: string } | null)?.name ?? '';
  const text = String((e as { message?: string } | null)?.message ?? e);
  if (name === 'NotAllowedError' || /permission|denied|notallowed/i.test(text)) {
    return 'Camera permission was refused. Allow the camera for this booth, or use the USB scanner or a PIN.';
  }
  if (name === 'NotFoundError' || /not ?found|no camera/i.test(text)) return 'No camera was found. Use the USB scanner or a PIN.';
  if (name === 'NotReadableError') return 'The camera is in use by another program.';
  return `The camera could not start: ${text}`;
}

export function CameraScanner({ onCode, afterAction }: { onCode(code: string): void; afterAction(): void }) {
  const [running, setRunning] = useState(false);
  // html5-qrcode sizes its video from the reader's width when it starts, so the reader is shown from then on.
  const [starting, setStarting] = useState(false);
  const [cameras, setCameras] = useState<CameraDevice[]>([]);
  const [cameraId, setCameraId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const scanner = useRef<Html5Qrcode | null>(null);
  const last = useRef({ code: '', at: 0 });
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  async function stop() {
    const s = scanner.current;
    scanner.current = null;
    setRunning(false);
    if (s) {
      await s.stop().catch(() => undefined);
      s.clear();
    }
  }

  async function start(id = cameraId) {
    setError(null);
    try {
      const { Html5Qrcode, Html5QrcodeSupportedFormats } = await import('html5-qrcode');
      const found = await Html5Qrcode.getCameras();
      setCameras(found);
      const chosen = id || found[0]?.id;
      if (!chosen) throw Object.assign(new Error('no camera'), { name: 'NotFoundError' });
      setCameraId(chosen);
      await stop();
      setStarting(true);
      await new Promise((r) => requestAnimationFrame(r));
      const s = new Html5Qrcode(READER_ID, { verbose: false, formatsToSupport: [Html5QrcodeSupportedFormats.QR_CODE] });
      scanner.current = s;
      // The scan box follows the picture (90 % of its shorter side): a phone held close fills the frame, and a fixed
      // box smaller than the code would never decode it.
      const qrbox = (w: number, h: number) => {
        const side = Math.max(50, Math.floor(Math.min(w, h) * 0.9));
        return { width: side, height: side };
      };
      await s.start(chosen, { fps: 10, qrbox }, (text) => {
        const now = Date.now();
        if (text === last.current.code && now - last.current.at < SAME_CODE_MS) return;
        last.current = { code: text, at: now };
        onCodeRef.current(text);
      }, () => undefined);
      setRunning(true);
    } catch (e) {
      await stop();
      setError(cameraError(e));
    } finally {
      setStarting(false);
      afterAction();
    }
  }

  useEffect(() => () => void stop(), []);

  return (
    <section className="camera" aria-label="Camera scanner">
      <div className="row">
        {running ? (
          <button type="button" className="btn-small" onClick={() => void stop().then(afterAction)}>
            Stop camera
          </button>
        ) : (
          <button type="button" className="btn-small" onClick={() => void start()}>
            Scan with camera
          </button>
        )}
        {cameras.length > 1 && (
          <label>
            Camera{' '}
            <select value={cameraId} onChange={(e) => void start(e.target.value)}>
              {cameras.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.label || c.id}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div id={READER_ID} className={running || starting ? 'qr-reader' : 'qr-reader qr-reader-off'} />
    </section>
  );
}
