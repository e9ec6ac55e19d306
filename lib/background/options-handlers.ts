import type { OptionsView, ResponseMap, RequestOf } from '../protocol/replies';
import { RemoteError } from '../domain/errors';
import { normalizeGitlabProjectPath } from '../gitlab/project-path';
import {
  gitlabConnectionItem,
  gitlabOriginOf,
  knownProjectsItem,
  linksItem,
  linkStatusItem,
  sentryConnectionItem,
  settingsItem,
  type ProjectLink,
} from '../store/storage';
import { forgetLink } from '../store/list-cache';
import { updateItem } from '../store/queue';
import { gitlabClient, resolveLinkProject } from './gitlab-connection';
import { applyHostRules } from './host-rules';
import { ensurePollAlarm, pollAll, refreshBadge } from './poller';
import { connectSentry, projectKey, resolveConnection } from './sentry-connection';

export async function optionsView(): Promise<OptionsView> {
  const [connection, gitlab, links, projects, settings] = await Promise.all([
    sentryConnectionItem.getValue(),
    gitlabConnectionItem.getValue(),
    linksItem.getValue(),
    knownProjectsItem.getValue(),
    settingsItem.getValue(),
  ]);
  return {
    sentry: connection ? { baseUrl: connection.baseUrl, hasToken: Boolean(connection.token) } : null,
    gitlab: gitlab ? { baseUrl: gitlab.baseUrl, username: gitlab.username } : null,
    links,
    projects,
    pollMinutes: settings.pollMinutes,
  };
}

export async function handleConnect(request: RequestOf<'connectSentry'>): Promise<ResponseMap['connectSentry']> {
  const connection = await resolveConnection(request.baseUrl, request.token);
  const result = await connectSentry(connection);
  await afterConnectionChange();
  return result;
}

export async function handleSave(request: RequestOf<'saveOptions'>): Promise<ResponseMap['saveOptions']> {
  await saveSentryConnection(request);
  const savedLink = request.link ? await saveLink(request.link) : undefined;
  const settings = await settingsItem.getValue();
  if (settings.pollMinutes !== request.pollMinutes) await settingsItem.setValue({ pollMinutes: request.pollMinutes });
  await afterConnectionChange();
  return { options: await optionsView(), savedLink };
}

/**
 * A changed Sentry URL or token is verified before anything is saved. A link read through GitLab needs no
 * Sentry at all, so an untouched, empty Sentry form is not an error then.
 */
async function saveSentryConnection(request: RequestOf<'saveOptions'>): Promise<void> {
  const stored = await sentryConnectionItem.getValue();
  if (!request.token?.trim() && !stored && request.link?.backend === 'gitlab') return;
  const connection = await resolveConnection(request.baseUrl, request.token);
  if (!stored || stored.baseUrl !== connection.baseUrl || stored.token !== connection.token) await connectSentry(connection);
}

async function saveLink(draft: NonNullable<RequestOf<'saveOptions'>['link']>): Promise<ProjectLink> {
  let gitlabProject = normalizeGitlabProjectPath(draft.gitlabProject);
  let gitlabProjectId: number | undefined;
  const client = await gitlabClient();
  if (client) {
    // With GitLab connected, the link holds the project's id and canonical path.
    const project = await resolveLinkProject(client, { gitlabProject });
    gitlabProject = project.path_with_namespace;
    gitlabProjectId = project.id;
  } else if (draft.backend === 'gitlab') {
    throw new RemoteError('not-configured', 'Connect GitLab (below) to read errors through GitLab.');
  }
  const gitlabOrigin = gitlabOriginOf(await gitlabConnectionItem.getValue());
  const base = { gitlabProject, gitlabProjectId, gitlabOrigin, active: draft.active };
  const links = await linksItem.getValue();
  const existing = links.find(
    (link) => link.gitlabOrigin === gitlabOrigin && link.gitlabProject.toLowerCase() === gitlabProject.toLowerCase(),
  );
  const id = existing?.id ?? crypto.randomUUID();
  let link: ProjectLink;
  if (draft.backend === 'gitlab') {
    link = { id, ...base, backend: 'gitlab' };
  } else {
    const project = (await knownProjectsItem.getValue()).find((p) => projectKey(p) === draft.projectKey);
    if (!project) throw new RemoteError('bad-request', 'Choose a Sentry project (click Connect to list them).');
    link = { id, ...base, backend: 'sentry', sentry: project };
  }
  // Links may have changed while the project was looked up: the update applies to what is stored now.
  await updateItem(linksItem, (current) => {
    const at = current.findIndex(
      (candidate) =>
        candidate.id === id || (candidate.gitlabOrigin === gitlabOrigin && candidate.gitlabProject.toLowerCase() === gitlabProject.toLowerCase()),
    );
    return at === -1 ? [...current, link] : current.map((candidate, i) => (i === at ? link : candidate));
  });
  // Another source of errors: what was counted and cached for the old one no longer applies.
  if (existing && sourceKey(existing) !== sourceKey(link)) await forgetLinkData(existing.id);
  return link;
}

const sourceKey = (link: ProjectLink) => (link.backend === 'sentry' ? projectKey(link.sentry) : 'gitlab');

export async function handleRemoveLink(request: RequestOf<'removeLink'>): Promise<OptionsView> {
  await updateItem(linksItem, (links) => links.filter((link) => link.id !== request.linkId));
  await forgetLinkData(request.linkId);
  await refreshBadge();
  return optionsView();
}

export async function handleSetLinkActive(request: RequestOf<'setLinkActive'>): Promise<OptionsView> {
  let found = false;
  await updateItem(linksItem, (links) => {
    found = links.some((link) => link.id === request.linkId);
    return found ? links.map((link) => (link.id === request.linkId ? { ...link, active: request.active } : link)) : links;
  });
  if (!found) throw new RemoteError('not-found', 'That link no longer exists.');
  void pollAll({ force: true });
  await refreshBadge();
  return optionsView();
}

async function forgetLinkData(linkId: string): Promise<void> {
  await updateItem(linkStatusItem, (statuses) => {
    if (!(linkId in statuses)) return statuses;
    const { [linkId]: _forgotten, ...rest } = statuses;
    return rest;
  });
  await forgetLink(linkId);
}

/** Applies saved settings: header rule for the host, alarm period, and a fresh count for the badge. */
async function afterConnectionChange(): Promise<void> {
  await applyHostRules();
  await ensurePollAlarm();
  void pollAll({ force: true });
}
