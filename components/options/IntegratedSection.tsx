import { useEffect, useState } from 'preact/hooks';
import type { IntegratedSettingsView } from '@/lib/protocol/replies';
import type { ask as defaultAsk } from '@/lib/protocol/ask';
import { toFailure, type Failure } from '@/lib/domain/errors';
import { Outcome } from '@/components/shared/Outcome';

interface Props {
  linkId: string;
  gitlabProject: string;
  ask: typeof defaultAsk;
}

/** Region "Integrated error tracking": GitLab's settings and client keys (DSNs) of a GitLab-backend link. */
export function IntegratedSection({ linkId, gitlabProject, ask }: Props) {
  const [view, setView] = useState<IntegratedSettingsView | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<number | null>(null);
  const headingId = `integrated-${linkId}`;

  useEffect(() => {
    ask({ type: 'integratedSettings', linkId })
      .then(setView)
      .catch((error) => setFailure(toFailure(error)));
  }, [ask, linkId]);

  async function act(task: () => Promise<string>) {
    setBusy(true);
    setFailure(null);
    setNotice('');
    try {
      setNotice(await task());
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setBusy(false);
      setConfirming(null);
    }
  }

  const create = () =>
    act(async () => {
      const key = await ask({ type: 'createClientKey', linkId });
      setView((current) => (current ? { ...current, keys: [...current.keys, key] } : current));
      return 'Client key created.';
    });
  const remove = (keyId: number) =>
    act(async () => {
      setView(await ask({ type: 'deleteClientKey', linkId, keyId }));
      return 'Client key removed.';
    });
  const copy = (dsn: string) =>
    act(async () => {
      await navigator.clipboard.writeText(dsn);
      return 'DSN copied.';
    });

  const firstDsn = view?.keys.find((key) => key.active)?.dsn;
  return (
    <section aria-labelledby={headingId} class="card">
      <h2 id={headingId}>Integrated error tracking</h2>
      <p class="hint">{gitlabProject}</p>
      {!view && !failure && <p class="hint">Loading GitLab's settings…</p>}
      {view?.settings && (
        <p>
          Error tracking is {view.settings.active ? 'active' : 'not active'}; errors are stored{' '}
          {view.settings.integrated ? 'in GitLab (integrated)' : 'in Sentry'}.
        </p>
      )}
      {view?.explanation && <p class="hint">{view.explanation}</p>}
      {view?.settings?.integrated && (
        <>
          <ul class="key-list" aria-label="Client keys">
            {view.keys.map((key) => (
              <li key={key.id}>
                <code class="dsn">{key.dsn}</code>
                <button type="button" onClick={() => void copy(key.dsn)} disabled={busy}>
                  Copy DSN
                </button>
                {confirming === key.id ? (
                  <span class="confirm">
                    Remove this key? Apps using its DSN stop reporting.{' '}
                    <button type="button" onClick={() => void remove(key.id)} disabled={busy}>
                      Remove key
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    onClick={() => setConfirming(key.id)}
                    disabled={busy}
                    aria-label={`Remove client key ${key.publicKey}`}
                  >
                    Remove
                  </button>
                )}
              </li>
            ))}
          </ul>
          {view.keys.length === 0 && <p class="hint">No client key yet.</p>}
          <button type="button" onClick={() => void create()} disabled={busy}>
            Create client key
          </button>
          {firstDsn && (
            <>
              <p class="hint">Configure your Sentry SDK with this DSN, for example in JavaScript:</p>
              <pre class="snippet">
                <code>{`import * as Sentry from '@sentry/browser';\n\nSentry.init({\n  dsn: '${firstDsn}',\n});`}</code>
              </pre>
            </>
          )}
        </>
      )}
      <Outcome failure={failure} notice={notice} />
    </section>
  );
}
