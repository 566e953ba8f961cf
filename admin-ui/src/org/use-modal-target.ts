import { useState } from 'react';

/**
 * What a modal is open for, and a key to give the modal: it changes on every opening, so each
 * opening gets a fresh form with the target's values (a kept form would show the previous target's).
 */
export function useModalTarget<T>() {
  const [state, setState] = useState<{ target: T | undefined; key: number }>({ target: undefined, key: 0 });
  return {
    target: state.target,
    key: state.key,
    open: (target: T) => setState((s) => ({ target, key: s.key + 1 })),
    close: () => setState((s) => ({ target: undefined, key: s.key })),
  };
}
