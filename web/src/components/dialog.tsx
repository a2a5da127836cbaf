import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

/**
 * A modal form on the native <dialog> (focus trap, Escape to cancel, backdrop): it runs `onSubmit` and
 * closes when that succeeds, or shows the API's refusal and stays open.
 */
export function FormDialog({
  title,
  submitLabel,
  danger,
  wide,
  onSubmit,
  onClose,
  children,
}: {
  title: string;
  submitLabel: string;
  danger?: boolean;
  /** Room for a diff or a long text. */
  wide?: boolean;
  onSubmit: (form: FormData) => Promise<void>;
  onClose: () => void;
  children: ReactNode;
}): ReactNode {
  const ref = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog !== null && !dialog.open) dialog.showModal();
  }, []);

  const submit = (event: FormEvent<HTMLFormElement>): void => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    onSubmit(form)
      .then(() => {
        ref.current?.close();
        onClose();
      })
      .catch((caught: unknown) => {
        const type = typeof caught === 'object' && caught !== null && 'type' in caught ? `${String(caught.type)}: ` : '';
        setError(`${type}${caught instanceof Error ? caught.message : String(caught)}`);
      })
      .finally(() => setBusy(false));
  };

  return (
    <dialog ref={ref} onClose={onClose} aria-labelledby="dialog-title" className={wide === true ? 'wide' : undefined}>
      <form onSubmit={submit}>
        <h2 id="dialog-title">{title}</h2>
        {children}
        {error !== undefined ? (
          <p className="error-banner" role="alert">
            {error}
          </p>
        ) : null}
        <div className="dialog-buttons">
          <button type="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className={danger === true ? 'danger' : 'primary'} disabled={busy}>
            {submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** The value of a text field of a submitted form ('' when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim() : '';
}
