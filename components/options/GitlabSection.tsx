import type { OptionsView } from '@/lib/protocol/replies';
import type { Failure } from '@/lib/domain/errors';
import { FailureAlert } from '@/components/shared/FailureAlert';
import { TextField } from './TextField';

export interface GitlabForm {
  baseUrl: string;
  token: string;
}

interface Props {
  form: GitlabForm;
  connection: OptionsView['gitlab'];
  busy: boolean;
  failure: Failure | null;
  notice: string;
  onChange(change: Partial<GitlabForm>): void;
  onConnect(): void;
}

export function GitlabSection({ form, connection, busy, failure, notice, onChange, onConnect }: Props) {
  return (
    <section aria-labelledby="gitlab-heading" class="card">
      <h2 id="gitlab-heading">GitLab</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onConnect();
        }}
      >
        <TextField id="gitlab-url" label="GitLab URL" type="url" value={form.baseUrl} onInput={(baseUrl) => onChange({ baseUrl })} />
        <TextField
          id="gitlab-token"
          label="Personal access token"
          type="password"
          value={form.token}
          onInput={(token) => onChange({ token })}
          placeholder={connection && connection.baseUrl === form.baseUrl.trim().replace(/\/+$/, '') ? 'Saved (leave empty to keep it)' : ''}
          hint="A token with the api scope: it creates issues for errors and closes them when errors are resolved."
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Connecting…' : 'Connect'}
          </button>
        </div>
      </form>
      {failure && <FailureAlert failure={failure} />}
      {notice ? (
        <p role="status" class="notice">
          {notice}
        </p>
      ) : (
        connection && <p class="notice">Connected as @{connection.username}</p>
      )}
    </section>
  );
}
