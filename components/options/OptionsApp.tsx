import { useEffect, useRef, useState } from 'preact/hooks';
import type { OptionsView, ResponseMap } from '@/lib/protocol/replies';
import { ask as defaultAsk } from '@/lib/protocol/ask';
import type { EnvironmentChoices } from '@/lib/domain/environments';
import { RemoteError, toFailure, type Failure } from '@/lib/domain/errors';
import { sourceLabel } from '@/lib/backends/labels';
import type { ProjectLink } from '@/lib/store/storage';
import { GitlabSection, type GitlabForm } from './GitlabSection';
import { IntegratedSection } from './IntegratedSection';
import { LinksList } from './LinksList';
import { NotificationsSection } from './NotificationsSection';
import { requestHostPermission } from './permissions';
import { SentrySection, type SentryForm } from './SentrySection';
import { Welcome } from './Welcome';

type Ask = typeof defaultAsk;
type Section = 'sentry' | 'gitlab' | 'links';

const EMPTY_FORM: SentryForm = {
  baseUrl: 'https://sentry.io',
  token: '',
  backend: 'sentry',
  projectKey: '',
  defaultEnvironment: '',
  gitlabProject: '',
  // A new link is meant to be polled; leaving it unticked is the exception.
  active: true,
  pollMinutes: 2,
};
const SUGGEST_DELAY_MS = 250;

/** One outcome at a time, shown in the section that produced it: the page never has two live messages. */
interface SectionOutcome {
  section: Section;
  notice?: string;
  failure?: Failure;
}

export function OptionsApp({ ask = defaultAsk }: { ask?: Ask }) {
  const [view, setView] = useState<OptionsView | null>(null);
  const [form, setForm] = useState<SentryForm>(EMPTY_FORM);
  const [gitlabForm, setGitlabForm] = useState<GitlabForm>({ baseUrl: 'https://gitlab.com', token: '' });
  const [busy, setBusy] = useState<'connect' | 'save' | 'gitlab' | 'links' | null>(null);
  const [outcome, setOutcome] = useState<SectionOutcome | null>(null);
  const [suggestions, setSuggestions] = useState<ResponseMap['searchGitlabProjects']>([]);
  const [hint, setHint] = useState<ResponseMap['gitlabProjectHint'] | null>(null);
  const [welcomeDismissed, setWelcomeDismissed] = useState(false);
  const [environments, setEnvironments] = useState<{ choices: EnvironmentChoices | null; failure: Failure | null }>({
    choices: null,
    failure: null,
  });
  const suggestTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    ask({ type: 'getOptions' })
      .then((loaded) => {
        setView(loaded);
        setForm((current) => ({ ...current, baseUrl: loaded.sentry?.baseUrl ?? current.baseUrl, pollMinutes: loaded.pollMinutes }));
        if (loaded.gitlab) setGitlabForm((current) => ({ ...current, baseUrl: loaded.gitlab!.baseUrl }));
      })
      .catch((error) => setOutcome({ section: 'sentry', failure: toFailure(error) }));
  }, [ask]);

  // The Environment choices follow the form's backend and project; an answer for an earlier choice is dropped.
  const hasSentryToken = Boolean(view?.sentry?.hasToken);
  useEffect(() => {
    setEnvironments({ choices: null, failure: null });
    if (form.backend === 'sentry' && (!form.projectKey || !hasSentryToken)) return;
    let current = true;
    ask({ type: 'projectEnvironments', backend: form.backend, projectKey: form.projectKey || undefined })
      .then((choices) => current && setEnvironments({ choices, failure: null }))
      .catch((error) => current && setEnvironments({ choices: null, failure: toFailure(error) }));
    return () => {
      current = false;
    };
  }, [ask, form.backend, form.projectKey, hasSentryToken]);

  async function run(kind: NonNullable<typeof busy>, section: Section, task: () => Promise<string>) {
    setBusy(kind);
    setOutcome(null);
    try {
      setOutcome({ section, notice: await task() });
    } catch (error) {
      setOutcome({ section, failure: toFailure(error) });
    } finally {
      setBusy(null);
    }
  }

  const connect = () =>
    run('connect', 'sentry', async () => {
      await requestHostPermission(form.baseUrl, 'sentry');
      const result = await ask({ type: 'connectSentry', baseUrl: form.baseUrl, token: form.token.trim() || undefined });
      setView(await ask({ type: 'getOptions' }));
      const n = result.projects.length;
      const orgs = `${result.organizations} organization${result.organizations === 1 ? '' : 's'}`;
      return n === 0
        ? `Connected, but the token sees no projects in ${orgs}.`
        : `Connected: ${n} project${n === 1 ? '' : 's'} in ${orgs}. Choose one under Project.`;
    });

  const save = () =>
    run('save', 'sentry', async () => {
      const link = linkDraft(form);
      await requestHostPermission(form.baseUrl, 'sentry');
      const result = await ask({
        type: 'saveOptions',
        baseUrl: form.baseUrl,
        token: form.token.trim() || undefined,
        pollMinutes: form.pollMinutes,
        link,
      });
      setView(result.options);
      // The form keeps what was saved, so the user sees what the link now is.
      if (!result.savedLink) return 'Saved.';
      const saved = result.savedLink;
      return saved.active
        ? `Saved. ${saved.gitlabProject} shows the errors of ${sourceLabel(saved)}.`
        : `Saved. ${saved.gitlabProject} is not active: check Active to show its errors.`;
    });

  const connectGitlab = () =>
    run('gitlab', 'gitlab', async () => {
      await requestHostPermission(gitlabForm.baseUrl, 'gitlab');
      const { username } = await ask({
        type: 'connectGitlab',
        baseUrl: gitlabForm.baseUrl,
        token: gitlabForm.token.trim() || undefined,
      });
      setView(await ask({ type: 'getOptions' }));
      return `Connected as @${username}`;
    });

  function onGitlabProjectInput(text: string) {
    setForm((current) => ({ ...current, gitlabProject: text }));
    setHint(null);
    clearTimeout(suggestTimer.current);
    if (!view?.gitlab) return;
    suggestTimer.current = setTimeout(() => {
      ask({ type: 'searchGitlabProjects', search: text })
        .then(setSuggestions)
        .catch(() => setSuggestions([]));
    }, SUGGEST_DELAY_MS);
  }

  function onGitlabProjectChosen(path: string) {
    setForm((current) => ({ ...current, gitlabProject: path }));
    setSuggestions([]);
    if (!view?.gitlab) return;
    ask({ type: 'gitlabProjectHint', gitlabProject: path })
      .then(setHint)
      .catch(() => setHint(null));
  }

  const edit = (link: ProjectLink) =>
    setForm((current) => ({
      ...current,
      gitlabProject: link.gitlabProject,
      backend: link.backend,
      projectKey: link.backend === 'sentry' ? `${link.sentry.org}/${link.sentry.projectId}` : '',
      defaultEnvironment: link.defaultEnvironment ?? '',
      active: link.active,
    }));

  const toggle = (link: ProjectLink) =>
    run('links', 'links', async () => {
      setView(await ask({ type: 'setLinkActive', linkId: link.id, active: !link.active }));
      return `${link.gitlabProject} is ${link.active ? 'paused' : 'active again'}.`;
    });

  const remove = (link: ProjectLink) =>
    run('links', 'links', async () => {
      setView(await ask({ type: 'removeLink', linkId: link.id }));
      return `Removed the link of ${link.gitlabProject}.`;
    });

  const shown = (section: Section) => (outcome?.section === section ? outcome : null);
  // Until something is connected the page explains itself; the welcome goes once it has served.
  const nothingConnected = Boolean(view && !view.sentry?.hasToken && !view.gitlab && view.links.length === 0);
  return (
    <main class="options">
      <h1>Error Tracker for GitLab</h1>
      {nothingConnected && !welcomeDismissed && (
        <Welcome sentryBaseUrl={form.baseUrl} gitlabBaseUrl={gitlabForm.baseUrl} onDismiss={() => setWelcomeDismissed(true)} />
      )}
      <SentrySection
        form={form}
        view={view}
        busy={busy === 'connect' || busy === 'save' ? busy : busy ? 'links' : null}
        failure={shown('sentry')?.failure ?? null}
        notice={shown('sentry')?.notice ?? ''}
        suggestions={suggestions}
        hint={hint}
        environments={environments.choices}
        environmentsFailure={environments.failure}
        onChange={(change) => setForm((current) => ({ ...current, ...change }))}
        onGitlabProjectInput={onGitlabProjectInput}
        onGitlabProjectChosen={onGitlabProjectChosen}
        onConnect={connect}
        onSave={save}
      />
      <GitlabSection
        form={gitlabForm}
        connection={view?.gitlab ?? null}
        busy={busy === 'gitlab'}
        failure={shown('gitlab')?.failure ?? null}
        notice={shown('gitlab')?.notice ?? ''}
        onChange={(change) => setGitlabForm((current) => ({ ...current, ...change }))}
        onConnect={connectGitlab}
      />
      {(view?.links ?? [])
        .filter((link) => link.backend === 'gitlab')
        .map((link) => (
          <IntegratedSection key={link.id} linkId={link.id} gitlabProject={link.gitlabProject} ask={ask} />
        ))}
      <LinksList
        links={view?.links ?? []}
        busy={busy !== null}
        failure={shown('links')?.failure ?? null}
        notice={shown('links')?.notice ?? ''}
        onEdit={edit}
        onToggle={toggle}
        onRemove={remove}
      />
      <NotificationsSection links={view?.links ?? []} ask={ask} />
    </main>
  );
}

function linkDraft(form: SentryForm) {
  const gitlabProject = form.gitlabProject.trim();
  const { backend } = form;
  if (!gitlabProject && (backend === 'gitlab' || !form.projectKey)) return undefined;
  if (!gitlabProject) {
    throw new RemoteError('bad-request', 'Enter the GitLab project (its full path, like group/app) to link to the chosen Sentry project.');
  }
  if (backend === 'gitlab') return { gitlabProject, backend, active: form.active };
  if (!form.projectKey) {
    throw new RemoteError('bad-request', `Choose the Sentry project for ${gitlabProject} under Project (click Connect to list them).`);
  }
  return { gitlabProject, backend, projectKey: form.projectKey, active: form.active, defaultEnvironment: form.defaultEnvironment };
}
