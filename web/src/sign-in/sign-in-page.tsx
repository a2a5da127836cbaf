import { useEffect, useState, type FormEvent } from 'react';

/**
 * The console's sign-in on a server started with --auth iam: an access key id and its secret, or the
 * one-time link `pipewright console-link` prints (`/sign-in#link=<token>`, redeemed at once). The server
 * answers with an HttpOnly session cookie; the secret is not kept in the browser.
 */
export function SignInPage() {
  const [accessKeyId, setAccessKeyId] = useState('');
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const [message, setMessage] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const link = new URLSearchParams(window.location.hash.slice(1)).get('link');
    if (link === null) return;
    // The token is spent by this one use: take it out of the address bar and history first.
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    void openSession({ linkToken: link }).then(setMessage);
  }, []);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setMessage(undefined);
    void openSession({ accessKeyId: accessKeyId.trim(), secretAccessKey }).then((refusal) => {
      setBusy(false);
      setMessage(refusal);
    });
  };

  return (
    <main className="sign-in">
      <h1>Sign in to Pipewright</h1>
      <p>Use an access key of your IAM user, or open the link that <code>pipewright console-link</code> prints.</p>
      <form onSubmit={submit}>
        <label>
          Access key id
          <input name="accessKeyId" autoComplete="username" value={accessKeyId} onChange={(event) => setAccessKeyId(event.target.value)} required />
        </label>
        <label>
          Secret access key
          <input name="secretAccessKey" type="password" autoComplete="current-password" value={secretAccessKey} onChange={(event) => setSecretAccessKey(event.target.value)} required />
        </label>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {message !== undefined ? (
        <p role="alert" className="error">
          {message}
        </p>
      ) : null}
    </main>
  );
}

/** Opens a session and goes back where the user came from; resolves to the refusal's message when refused. */
async function openSession(body: Record<string, string>): Promise<string | undefined> {
  const response = await fetch('/api/session', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) return answer.message ?? `Sign-in refused (${response.status}).`;
  const next = new URLSearchParams(window.location.search).get('next');
  window.location.replace(next !== null && next.startsWith('/') && !next.startsWith('//') ? next : '/');
  return undefined;
}

/** Sends the browser to the sign-in page, coming back to where it was once signed in. */
export function goToSignIn(): void {
  if (window.location.pathname === '/sign-in') return;
  window.location.assign(`/sign-in?next=${encodeURIComponent(window.location.pathname + window.location.search)}`);
}
