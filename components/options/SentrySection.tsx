import type { OptionsView, ResponseMap } from '@/lib/protocol/replies';
import type { EnvironmentChoices } from '@/lib/domain/environments';
import type { Failure } from '@/lib/domain/errors';
import { EnvironmentSelect } from '@/components/shared/EnvironmentSelect';
import { Outcome } from '@/components/shared/Outcome';
import { ProjectSuggestions } from './ProjectSuggestions';
import { TextField } from './TextField';

export interface SentryForm {
  baseUrl: string;
  token: string;
  /** Where the link reads errors: Sentry directly, or GitLab. */
  backend: 'sentry' | 'gitlab';
  projectKey: string;
  /** The link's default environment, '' for all: what its badge count is for. */
  defaultEnvironment: string;
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
  /** The environments of the project chosen (or why its backend has none); null while unknown. */
  environments: EnvironmentChoices | null;
  environmentsFailure: Failure | null;
  onChange(change: Partial<SentryForm>): void;
  onGitlabProjectInput(text: string): void;
  onGitlabProjectChosen(path: string): void;
  onConnect(): void;
  onSave(): void;
}

const POLL_CHOICES = [1, 2, 5, 10, 15, 30, 60];

function environmentNote(form: SentryForm, environments: EnvironmentChoices | null, failure: Failure | null): string | undefined {
  if (form.backend === 'sentry' && !form.projectKey) return 'Choose a Sentry project to list its environments.';
  if (failure && !environments) return `Could not list the environments: ${failure.message}`;
  // A backend without environments gives its own reason.
  if (environments && 'names' in environments) return 'The badge counts the errors of this environment; the popup opens on it.';
  return undefined;
}

export function SentrySection(props: Props) {
  const { form, view, busy, failure, notice, suggestions, hint, environments, environmentsFailure, onChange, onConnect, onSave } = props;
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
        <TextField
          id="sentry-url"
          label="Sentry API URL"
          type="url"
          value={form.baseUrl}
          onInput={(baseUrl) => onChange({ baseUrl })}
          autocomplete="url"
          hint="https://sentry.io, or your self-hosted Sentry's address."
        />
        <TextField
          id="sentry-token"
          label="Auth Token"
          type="password"
          value={form.token}
          onInput={(token) => onChange({ token })}
          placeholder={tokenSaved ? 'Saved (leave empty to keep it)' : ''}
          hint="A personal token with the scopes org:read, project:read, event:read and event:write. It stays in this browser."
        />
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
            onChange={(event) => onChange({ projectKey: event.currentTarget.value, defaultEnvironment: '' })}
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
          <EnvironmentSelect
            value={form.defaultEnvironment}
            choices={environments}
            // Until the project's environments are known (or could not be), there is nothing to choose.
            disabled={(form.backend === 'sentry' && !form.projectKey) || (!environments && !environmentsFailure)}
            note={environmentNote(form, environments, environmentsFailure)}
            onChange={(defaultEnvironment) => onChange({ defaultEnvironment })}
          />
        </div>
        <TextField
          id="gitlab-project"
          label="GitLab project"
          value={form.gitlabProject}
          onInput={props.onGitlabProjectInput}
          onBlur={(event) => {
            // Moving to a suggestion is not leaving the field: the suggestion's click decides.
            const next = event.relatedTarget as Element | null;
            if (next?.closest('.suggestions')) return;
            if (event.currentTarget.value.trim()) props.onGitlabProjectChosen(event.currentTarget.value);
          }}
          placeholder="group/app"
          hint="The full path of the GitLab project whose errors these are."
        >
          <ProjectSuggestions suggestions={suggestions} onPick={props.onGitlabProjectChosen} />
          {hint?.sentryLabel &&
            (hint.sentryProjectKey ? (
              hint.sentryProjectKey !== form.projectKey && (
                <button
                  type="button"
                  class="hint-action"
                  onClick={() => onChange({ projectKey: hint.sentryProjectKey!, defaultEnvironment: '' })}
                >
                  Use {hint.sentryLabel} from GitLab's Error Tracking settings
                </button>
              )
            ) : (
              <p class="hint">
                {hint.path}'s Error Tracking settings in GitLab name {hint.sentryLabel}, which this Sentry token does not list.
              </p>
            ))}
        </TextField>
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
