import { RemoteError } from '../domain/errors';
import { updateItem } from './queue';
import { linksItem, type ProjectLink } from './storage';

export async function findLink(linkId: string): Promise<ProjectLink> {
  const link = (await linksItem.getValue()).find((candidate) => candidate.id === linkId);
  if (!link) throw new RemoteError('not-found', 'This project link was removed in the options. Reopen the popup.');
  return link;
}

/** A link remembers its project's id (renames keep working) and follows a renamed path. */
export async function rememberProjectId(linkId: string, projectId: number, path: string): Promise<void> {
  await updateItem(linksItem, (links) => {
    const link = links.find((candidate) => candidate.id === linkId);
    if (!link || (link.gitlabProjectId === projectId && link.gitlabProject === path)) return links;
    return links.map((l) => (l.id === linkId ? { ...l, gitlabProjectId: projectId, gitlabProject: path } : l));
  });
}
