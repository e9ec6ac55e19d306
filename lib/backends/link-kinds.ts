import type { RequestOf } from '../protocol/replies';
import type { ProjectLink } from '../store/storage';
import { gitlabLinkKind } from './gitlab/link';
import { sentryLinkKind } from './sentry/link';

export type LinkDraft = NonNullable<RequestOf<'saveOptions'>['link']>;
export type LinkBaseFields = Omit<ProjectLink, 'backend' | 'sentry'>;

/** What saving a link of one backend takes: which connections, which fields, which source it reads. */
export interface LinkKind<L extends ProjectLink> {
  /** The Sentry form must hold a working connection (a link read through GitLab needs no Sentry at all). */
  needsSentry: boolean;
  /** Why the link cannot be saved without GitLab connected, when it cannot. */
  needsGitlab?: string;
  /**
   * Why its lists cannot be filtered by environment, when they cannot: known without a connection, so the
   * options can say it for a link not saved yet (its backend's `listEnvironments` says the same).
   */
  environmentsUnsupported?: string;
  /** The link for the draft, on the fields every link has (a default environment only where it filters). */
  build(base: LinkBaseFields, draft: LinkDraft): Promise<L>;
  /** Where its errors come from: a changed source makes the old counts and cached pages meaningless. */
  sourceKey(link: L): string;
}

type Kinds = { [K in ProjectLink['backend']]: LinkKind<Extract<ProjectLink, { backend: K }>> };

const KINDS: Kinds = { sentry: sentryLinkKind, gitlab: gitlabLinkKind };

export function linkKind(backend: ProjectLink['backend'] = 'sentry'): LinkKind<ProjectLink> {
  return KINDS[backend] as LinkKind<ProjectLink>;
}
