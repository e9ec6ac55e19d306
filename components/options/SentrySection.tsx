import type { OptionsView, ResponseMap } from '@/lib/api';
import type { Failure } from '@/lib/errors';
import { Outcome } from '@/components/shared/Outcome';
import { ProjectSuggestions } from './ProjectSuggestions';

export interface SentryForm {
  baseUrl: string;
  token: string;
  /** Where the link reads errors: Sentry directly, or GitLab. */
  backend: 'sentry' | 'gitlab';
  projectKey: string;
  gitlabProject: string;
  active: boolean;
  pollMinutes: number;
}

interface Props {
  form: SentryForm;
  view: OptionsView | null;
  busy: 'connect' | 'save' | 'links' | null;
  failure: Failure | null;
  notice: string;
  suggestions: ResponseMap['searchGitlabProjects'];
  hint: ResponseMap['gitlabProjectHint'] | null;
  onChange(change: Partial<SentryForm>): void;
  onGitlabProjectInput(text: string): void;
  onGitlabProjectChosen(path: string): void;
  onConnect(): void;
  onSave(): void;
}

const POLL_CHOICES = [1, 2, 5, 10, 15, 30, 60];

export function SentrySection(props: Props) {
  const { form, view, busy, failure, notice, suggestions, hint, onChange, onConnect, onSave } = props;
  const projects = view?.projects ?? [];
  const tokenSaved = Boolean(view?.sentry?.hasToken && view.sentry.baseUrl === form.baseUrl.trim().replace(/\/+$/, ''));
  return (
    <section aria-labelledby="sentry-heading" class="card">
      <h2 id="sentry-heading">Sentry</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onSave();
        }}
      >
        <div class="field">
          <label for="sentry-url">Sentry API URL</label>
          <input
            id="sentry-url"
            type="url"
            value={form.baseUrl}
            onInput={(event) => onChange({ baseUrl: event.currentTarget.value })}
            autocomplete="url"
            spellcheck={false}
            aria-describedby="sentry-url-hint"
          />
          <p id="sentry-url-hint" class="hint">
            https://sentry.io, or your self-hosted Sentry's address.
          </p>
        </div>
        <div class="field">
          <label for="sentry-token">Auth Token</label>
          <input
            id="sentry-token"
            type="password"
            value={form.token}
            onInput={(event) => onChange({ token: event.currentTarget.value })}
            autocomplete="off"
            spellcheck={false}
            placeholder={tokenSaved ? 'Saved (leave empty to keep it)' : ''}
            aria-describedby="sentry-token-hint"
          />
          <p id="sentry-token-hint" class="hint">
            A personal token with the scopes org:read, project:read, event:read and event:write. It stays in this browser.
          </p>
        </div>
        <div class="actions">
          <button type="button" onClick={onConnect} disabled={busy !== null}>
            {busy === 'connect' ? 'Connecting…' : 'Connect'}
          </button>
        </div>

        <div class="field">
          <label for="link-backend">Backend</label>
          <select
            id="link-backend"
            value={form.backend}
            onChange={(event) => onChange({ backend: event.currentTarget.value as SentryForm['backend'] })}
            aria-describedby="link-backend-hint"
          >
            <option value="sentry">Sentry</option>
            <option value="gitlab">GitLab</option>
          </select>
          <p id="link-backend-hint" class="hint">
            {form.backend === 'sentry'
              ? 'Read errors from the Sentry project chosen below, with the token above.'
              : 'Read errors through GitLab (its integrated error tracking, or the Sentry project set up in GitLab), with the GitLab token. No Sentry token needed.'}
          </p>
        </div>
        <div class="field">
          <label for="sentry-project">Project</label>
          <select
            id="sentry-project"
            disabled={form.backend === 'gitlab'}
            value={form.projectKey}
            onChange={(event) => onChange({ projectKey: event.currentTarget.value })}
          >
            <option value="">{projects.length ? 'Choose a Sentry project' : 'Click Connect to list projects'}</option>
            {projects.map((project) => (
              <option key={`${project.org}/${project.projectId}`} value={`${project.org}/${project.projectId}`}>
                {project.org} / {project.projectSlug}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="gitlab-project">GitLab project</label>
          <input
            id="gitlab-project"
            type="text"
            value={form.gitlabProject}
            onInput={(event) => props.onGitlabProjectInput(event.currentTarget.value)}
            onBlur={(event) => {
              // Moving to a suggestion is not leaving the field: the suggestion's click decides.
              const next = event.relatedTarget as Element | null;
              if (next?.closest('.suggestions')) return;
              if (event.currentTarget.value.trim()) props.onGitlabProjectChosen(event.currentTarget.value);
            }}
            placeholder="group/app"
            spellcheck={false}
            aria-describedby="gitlab-project-hint"
          />
          <p id="gitlab-project-hint" class="hint">
            The full path of the GitLab project whose errors these are.
          </p>
          <ProjectSuggestions suggestions={suggestions} onPick={props.onGitlabProjectChosen} />
          {hint?.sentryLabel &&
            (hint.sentryProjectKey ? (
              hint.sentryProjectKey !== form.projectKey && (
                <button type="button" class="hint-action" onClick={() => onChange({ projectKey: hint.sentryProjectKey! })}>
                  Use {hint.sentryLabel} from GitLab's Error Tracking settings
                </button>
              )
            ) : (
              <p class="hint">
                {hint.path}'s Error Tracking settings in GitLab name {hint.sentryLabel}, which this Sentry token does not list.
              </p>
            ))}
        </div>
        <div class="field checkbox">
          <input
            id="link-active"
            type="checkbox"
            checked={form.active}
            onChange={(event) => onChange({ active: event.currentTarget.checked })}
          />
          <label for="link-active">Active</label>
        </div>
        <div class="field">
          <label for="poll-minutes">Refresh every</label>
          <select
            id="poll-minutes"
            value={String(form.pollMinutes)}
            onChange={(event) => onChange({ pollMinutes: Number(event.currentTarget.value) })}
          >
            {POLL_CHOICES.map((minutes) => (
              <option key={minutes} value={String(minutes)}>
                {minutes} minute{minutes === 1 ? '' : 's'}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy !== null}>
            {busy === 'save' ? 'Saving…' : 'Save changes'}
          </button>
        </div>
      </form>
      <Outcome failure={failure} notice={notice} />
    </section>
  );
}
