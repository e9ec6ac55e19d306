import { backendForLink } from '../../backends/for-link';
import { linkKind } from '../../backends/link-kinds';
import { environmentOf, shownEnvironment, type EnvironmentChoices } from '../../domain/environments';
import type { ListQuery } from '../../domain/model';
import type { RequestOf } from '../../protocol/replies';
import { findLink } from '../../store/links';
import { updateItem } from '../../store/queue';
import { environmentChoicesItem, linkEnvironmentsItem, type ProjectLink } from '../../store/storage';
import { FreshPromises } from '../../util/bounded-map';
import { withoutKey } from '../../util/without-key';

/**
 * Environments change seldom (a new one appears with its first event): a list read within this time is
 * answered from storage, with no request; an older one is read again when a list asks, and still answered
 * if the server cannot be reached.
 */
const FRESH_MS = 15 * 60_000;
// The popup and a panel opening together make one request.
const reading = new FreshPromises<EnvironmentChoices>({ max: 20, freshMs: 5_000 });

/** A link's environments for its Environment combobox, or why its backend has none. */
export async function handleListEnvironments(request: RequestOf<'listEnvironments'>): Promise<EnvironmentChoices> {
  const link = await findLink(request.linkId);
  const cached = (await linkEnvironmentsItem.getValue())[link.id];
  if (cached && Date.now() - cached.fetchedAt < FRESH_MS) return cached.choices;
  try {
    return await reading.get(`${link.id}:${sourceOf(link)}`, () => readEnvironments(link));
  } catch (error) {
    if (cached) return cached.choices;
    throw error;
  }
}

async function readEnvironments(link: ProjectLink): Promise<EnvironmentChoices> {
  const choices = await (await backendForLink(link)).listEnvironments();
  const fetchedAt = Date.now();
  const current = await findLink(link.id).catch(() => undefined);
  // Saved meanwhile with another project (or removed): these are not its environments.
  if (current && sourceOf(current) === sourceOf(link)) {
    await updateItem(linkEnvironmentsItem, (all) => ({ ...all, [link.id]: { choices, fetchedAt } }));
  }
  return choices;
}

const sourceOf = (link: ProjectLink) => linkKind(link.backend).sourceKey(link);

// What a link not saved yet stands on: only its backend and project matter for its environments.
const DRAFT_FIELDS = { id: 'draft', gitlabProject: '', gitlabOrigin: '', active: false };

/** The options' link form: the environments of the project chosen there, before anything is saved. */
export async function handleProjectEnvironments(request: RequestOf<'projectEnvironments'>): Promise<EnvironmentChoices> {
  const kind = linkKind(request.backend);
  if (kind.environmentsUnsupported) return { unsupported: kind.environmentsUnsupported };
  const draft = await kind.build(DRAFT_FIELDS, {
    gitlabProject: '',
    backend: request.backend,
    projectKey: request.projectKey,
    active: false,
  });
  return (await backendForLink(draft)).listEnvironments();
}

/** A list was asked for in this environment: the link's list opens on it next time (popup and panels alike). */
export async function rememberEnvironment(link: ProjectLink, query: ListQuery): Promise<void> {
  const environment = environmentOf(query);
  await updateItem(environmentChoicesItem, (choices) =>
    shownEnvironment(link, choices[link.id]) === environment ? choices : { ...choices, [link.id]: environment },
  );
}

/** The link's default environment changed: its lists open on the new default, not on an older choice. */
export async function forgetEnvironmentChoice(linkId: string): Promise<void> {
  await updateItem(environmentChoicesItem, (choices) => withoutKey(choices, linkId));
}

/** A removed link, or one reading another project: its environments and the choice among them go. */
export async function forgetEnvironments(linkId: string): Promise<void> {
  await forgetEnvironmentChoice(linkId);
  await updateItem(linkEnvironmentsItem, (all) => withoutKey(all, linkId));
}
