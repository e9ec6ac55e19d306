import { useEffect, useState } from 'preact/hooks';
import type { OptionsView } from '@/lib/api';
import { ask as defaultAsk } from '@/lib/ask';
import { RemoteError, toFailure, type Failure } from '@/lib/errors';
import type { ProjectLink } from '@/lib/storage';
import { LinksList } from './LinksList';
import { requestSentryHostPermission } from './permissions';
import { SentrySection, type SentryForm } from './SentrySection';

type Ask = typeof defaultAsk;

const EMPTY_FORM: SentryForm = {
  baseUrl: 'https://sentry.io',
  token: '',
  projectKey: '',
  gitlabProject: '',
  active: false,
  pollMinutes: 2,
};

export function OptionsApp({ ask = defaultAsk }: { ask?: Ask }) {
  const [view, setView] = useState<OptionsView | null>(null);
  const [form, setForm] = useState<SentryForm>(EMPTY_FORM);
  const [busy, setBusy] = useState<'connect' | 'save' | 'links' | null>(null);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    ask({ type: 'getOptions' })
      .then((loaded) => {
        setView(loaded);
        setForm((current) => ({
          ...current,
          baseUrl: loaded.sentry?.baseUrl ?? current.baseUrl,
          pollMinutes: loaded.pollMinutes,
        }));
      })
      .catch((error) => setFailure(toFailure(error)));
  }, [ask]);

  async function run(kind: 'connect' | 'save' | 'links', task: () => Promise<string>) {
    setBusy(kind);
    setFailure(null);
    setNotice('');
    try {
      setNotice(await task());
    } catch (error) {
      setFailure(toFailure(error));
    } finally {
      setBusy(null);
    }
  }

  const connect = () =>
    run('connect', async () => {
      await requestSentryHostPermission(form.baseUrl);
      const result = await ask({ type: 'connectSentry', baseUrl: form.baseUrl, token: form.token.trim() || undefined });
      setView(await ask({ type: 'getOptions' }));
      const n = result.projects.length;
      return n === 0
        ? `Connected, but the token sees no projects in ${result.organizations} organization${result.organizations === 1 ? '' : 's'}.`
        : `Connected: ${n} project${n === 1 ? '' : 's'} in ${result.organizations} organization${result.organizations === 1 ? '' : 's'}. Choose one under Project.`;
    });

  const save = () =>
    run('save', async () => {
      const link = linkDraft(form);
      await requestSentryHostPermission(form.baseUrl);
      const result = await ask({
        type: 'saveOptions',
        baseUrl: form.baseUrl,
        token: form.token.trim() || undefined,
        pollMinutes: form.pollMinutes,
        link,
      });
      setView(result.options);
      if (!result.savedLink) return 'Saved.';
      setForm((current) => ({ ...current, gitlabProject: '', projectKey: '', active: false }));
      const { gitlabProject, sentry, active } = result.savedLink;
      return active
        ? `Saved. ${gitlabProject} shows the errors of ${sentry.org} / ${sentry.projectSlug}.`
        : `Saved. ${gitlabProject} is not active: check Active to show its errors.`;
    });

  const edit = (link: ProjectLink) =>
    setForm((current) => ({
      ...current,
      gitlabProject: link.gitlabProject,
      projectKey: `${link.sentry.org}/${link.sentry.projectId}`,
      active: link.active,
    }));

  const toggle = (link: ProjectLink) =>
    run('links', async () => {
      setView(await ask({ type: 'setLinkActive', linkId: link.id, active: !link.active }));
      return `${link.gitlabProject} is ${link.active ? 'paused' : 'active again'}.`;
    });

  const remove = (link: ProjectLink) =>
    run('links', async () => {
      setView(await ask({ type: 'removeLink', linkId: link.id }));
      return `Removed the link of ${link.gitlabProject}.`;
    });

  return (
    <main class="options">
      <h1>Error Tracker for GitLab</h1>
      <SentrySection
        form={form}
        view={view}
        busy={busy}
        failure={failure}
        notice={notice}
        onChange={(change) => setForm((current) => ({ ...current, ...change }))}
        onConnect={connect}
        onSave={save}
      />
      <LinksList links={view?.links ?? []} busy={busy !== null} onEdit={edit} onToggle={toggle} onRemove={remove} />
    </main>
  );
}

function linkDraft(form: SentryForm) {
  const gitlabProject = form.gitlabProject.trim();
  if (!gitlabProject && !form.projectKey) return undefined;
  if (!gitlabProject) throw new RemoteError('bad-request', 'Enter the GitLab project (its full path, like group/app) to link to the chosen Sentry project.');
  if (!form.projectKey) throw new RemoteError('bad-request', `Choose the Sentry project for ${gitlabProject} under Project (click Connect to list them).`);
  return { gitlabProject, projectKey: form.projectKey, active: form.active };
}
