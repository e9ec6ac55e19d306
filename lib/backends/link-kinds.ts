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
  /** The link for the draft, on the fields every link has. */
  build(base: LinkBaseFields, draft: LinkDraft): Promise<L>;
  /** Where its errors come from: a changed source makes the old counts and cached pages meaningless. */
  sourceKey(link: L): string;
}

type Kinds = { [K in ProjectLink['backend']]: LinkKind<Extract<ProjectLink, { backend: K }>> };

const KINDS: Kinds = { sentry: sentryLinkKind, gitlab: gitlabLinkKind };

export function linkKind(backend: ProjectLink['backend'] = 'sentry'): LinkKind<ProjectLink> {
  return KINDS[backend] as LinkKind<ProjectLink>;
}
