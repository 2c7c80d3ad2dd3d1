// On-screen digits for PINs on a touch screen. Buttons never take focus, so a scanner can keep typing.
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface Props {
  onDigit(d: string): void;
  onBackspace(): void;
  onClear(): void;
  /** Shows an enter key that submits the surrounding form (so Enter in any of its fields does the same). */
  enterLabel?: string;
  disabled?: boolean;
}

const keepFocus = (e: React.PointerEvent | React.MouseEvent) => e.preventDefault();

export function Keypad({ onDigit, onBackspace, onClear, enterLabel, disabled }: Props) {
  const key = (label: string, action: (() => void) | null, aria?: string, cls = '') => (
    <button
      key={label}
      type={action ? 'button' : 'submit'}
      className={`key ${cls}`}
      aria-label={aria ?? label}
      tabIndex={-1}
      disabled={disabled}
      onPointerDown={keepFocus}
      onMouseDown={keepFocus}
      onClick={action ?? undefined}
    >
      {label}
    </button>
  );
  return (
    <div className="keypad" role="group" aria-label="Keypad">
      {KEYS.map((d) => key(d, () => onDigit(d), `Digit ${d}`))}
      {key('Clear', onClear, 'Clear', 'key-muted')}
      {key('0', () => onDigit('0'), 'Digit 0')}
      {key('⌫', onBackspace, 'Delete last digit', 'key-muted')}
      {enterLabel && key(enterLabel, null, enterLabel, 'key-enter')}
    </div>
  );
}
