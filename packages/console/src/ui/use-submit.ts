import { useState, type FormEvent } from 'react';

export interface Submission<A extends unknown[]> {
  /** Runs the action: busy while it runs, its error (an ApiError's message and code, as ErrorCallout shows them) kept. */
  submit: (...args: A) => Promise<void>;
  /** For a form's onSubmit (an action without arguments): no page load, then submit(). */
  onSubmit: (e: FormEvent) => void;
  busy: boolean;
  error: Error | undefined;
  /** Shows an error without running anything (e.g. a check before the request). */
  setError: (error: Error | undefined) => void;
  /** Forgets the error, e.g. when the dialog closes or opens again. */
  reset: () => void;
}

/**
 * The busy / error / try / finally of every form and confirmation in the console. The action
 * throws to show an error; `keepBusy` leaves the button busy after success, for a page that is
 * about to be replaced (signing in).
 */
export function useSubmit<A extends unknown[] = []>(action: (...args: A) => Promise<unknown>, options: { keepBusy?: boolean } = {}): Submission<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const submit = async (...args: A) => {
    setBusy(true);
    setError(undefined);
    try {
      await action(...args);
      if (!options.keepBusy) setBusy(false);
    } catch (e) {
      setError(e as Error);
      setBusy(false);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(...([] as unknown as A));
  };
  return { submit, onSubmit, busy, error, setError, reset: () => setError(undefined) };
}
