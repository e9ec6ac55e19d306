import type { LinkKind } from '../link-kinds';
import type { GitlabLink } from '.';

/** A link read through GitLab: the GitLab project is all it needs. */
export const gitlabLinkKind: LinkKind<GitlabLink> = {
  needsSentry: false,
  needsGitlab: 'Connect GitLab (below) to read errors through GitLab.',
  build: async (base) => ({ ...base, backend: 'gitlab' }),
  sourceKey: () => 'gitlab',
};
