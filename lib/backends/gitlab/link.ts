import type { LinkKind } from '../link-kinds';
import type { GitlabLink } from '.';

/** Why a link read through GitLab shows all environments: said next to the disabled Environment controls. */
export const GITLAB_HAS_NO_ENVIRONMENTS = "GitLab's API has no environment filter: errors of all environments are shown.";

/** A link read through GitLab: the GitLab project is all it needs. */
export const gitlabLinkKind: LinkKind<GitlabLink> = {
  needsSentry: false,
  needsGitlab: 'Connect GitLab (below) to read errors through GitLab.',
  environmentsUnsupported: GITLAB_HAS_NO_ENVIRONMENTS,
  build: async (base) => ({ ...base, backend: 'gitlab' }),
  sourceKey: () => 'gitlab',
};
