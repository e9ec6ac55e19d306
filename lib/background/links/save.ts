import { linkKind, type LinkDraft } from '../../backends/link-kinds';
import { RemoteError } from '../../domain/errors';
import { gitlabClient, resolveLinkProject } from '../../gitlab/connection';
import { normalizeGitlabProjectPath } from '../../gitlab/project-path';
import type { RequestOf, ResponseMap } from '../../protocol/replies';
import { updateItem } from '../../store/queue';
import { gitlabConnectionItem, gitlabOriginOf, linksItem, sentryConnectionItem, settingsItem, type ProjectLink } from '../../store/storage';
import { connectSentry, resolveConnection } from '../connections/sentry';
import { afterSettingsChange } from '../connections/settings-change';
import { forgetEnvironmentChoice } from '../errors/environments';
import { forgetLinkData } from './remove';
import { optionsView } from './view';

/** Save changes: the Sentry connection if changed, the link in the form, the poll interval. */
export async function handleSaveOptions(request: RequestOf<'saveOptions'>): Promise<ResponseMap['saveOptions']> {
  await saveSentryConnection(request);
  const savedLink = request.link ? await saveLink(request.link) : undefined;
  const settings = await settingsItem.getValue();
  if (settings.pollMinutes !== request.pollMinutes) await settingsItem.setValue({ pollMinutes: request.pollMinutes });
  await afterSettingsChange();
  return { options: await optionsView(), savedLink };
}

/**
 * A changed Sentry URL or token is verified before anything is saved. A link that needs no Sentry leaves an
 * untouched, empty Sentry form alone.
 */
async function saveSentryConnection(request: RequestOf<'saveOptions'>): Promise<void> {
  const stored = await sentryConnectionItem.getValue();
  if (!request.token?.trim() && !stored && request.link && !linkKind(request.link.backend).needsSentry) return;
  const connection = await resolveConnection(request.baseUrl, request.token);
  if (!stored || stored.baseUrl !== connection.baseUrl || stored.token !== connection.token) await connectSentry(connection);
}

const samePlace = (link: ProjectLink, origin: string, path: string) =>
  link.gitlabOrigin === origin && link.gitlabProject.toLowerCase() === path.toLowerCase();

async function saveLink(draft: LinkDraft): Promise<ProjectLink> {
  const kind = linkKind(draft.backend);
  let gitlabProject = normalizeGitlabProjectPath(draft.gitlabProject);
  let gitlabProjectId: number | undefined;
  const client = await gitlabClient();
  if (client) {
    // With GitLab connected, the link holds the project's id and canonical path.
    const project = await resolveLinkProject(client, { gitlabProject });
    gitlabProject = project.path_with_namespace;
    gitlabProjectId = project.id;
  } else if (kind.needsGitlab) {
    throw new RemoteError('not-configured', kind.needsGitlab);
  }
  const gitlabOrigin = gitlabOriginOf(await gitlabConnectionItem.getValue());
  const existing = (await linksItem.getValue()).find((link) => samePlace(link, gitlabOrigin, gitlabProject));
  const id = existing?.id ?? crypto.randomUUID();
  const link = await kind.build({ id, gitlabProject, gitlabProjectId, gitlabOrigin, active: draft.active }, draft);
  // Links may have changed while the project was looked up: the update applies to what is stored now.
  await updateItem(linksItem, (current) => {
    const at = current.findIndex((candidate) => candidate.id === id || samePlace(candidate, gitlabOrigin, gitlabProject));
    return at === -1 ? [...current, link] : current.map((candidate, i) => (i === at ? link : candidate));
  });
  // Another source of errors: what was counted and cached for the old one no longer applies.
  if (existing && linkKind(existing.backend).sourceKey(existing) !== kind.sourceKey(link)) await forgetLinkData(existing.id);
  // A new default environment: the popup opens on it, not on what was chosen under the old one.
  else if (existing && (existing.defaultEnvironment ?? '') !== (link.defaultEnvironment ?? '')) await forgetEnvironmentChoice(existing.id);
  return link;
}
