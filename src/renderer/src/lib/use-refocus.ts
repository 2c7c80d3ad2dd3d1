import { useEffect, type RefObject } from 'react';

/**
 * Keeps the scanner input focused: a keyboard-wedge scanner types wherever focus is, so when focus falls back to
 * the page (a click on empty space, a finished request) it returns to the input. Other fields and buttons keep
 * focus while in use, so keyboard-only use still works.
 */
export function useRefocus(ref: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const restore = () => {
      const active = document.activeElement;
      if (!active || active === document.body) ref.current?.focus();
    };
    const onFocusOut = () => requestAnimationFrame(restore);
    document.addEventListener('focusout', onFocusOut);
    document.addEventListener('pointerup', onFocusOut);
    return () => {
      document.removeEventListener('focusout', onFocusOut);
      document.removeEventListener('pointerup', onFocusOut);
    };
  }, [ref]);
}
