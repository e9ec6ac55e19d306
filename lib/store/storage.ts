import { defineItem, readStored } from './item';
import type { EnvironmentChoices } from '../domain/environments';
import type { Failure } from '../domain/errors';
import type { ErrorPage, ErrorSort, ErrorStatus } from '../domain/model';

// Everything lives in `local:`: tokens must never sync to other machines, and the rest is either
// per-machine (caches) or tied to the token (links, projects seen with it).

export interface StoredSentryConnection {
  baseUrl: string;
  token: string;
}

/** A Sentry project as offered in the options' Project combobox. */
export interface SentryProjectChoice {
  org: string;
  projectId: string;
  projectSlug: string;
  projectName: string;
  regionUrl?: string;
}

interface LinkBase {
  id: string;
  gitlabProject: string;
  /** GitLab's numeric id: a renamed or moved project keeps working. Set when GitLab is connected. */
  gitlabProjectId?: number;
  /**
   * Origin of the GitLab the project lives on (`https://gitlab.com` or the self-hosted one connected when the
   * link was saved). The same path on another GitLab is someone else's project: its pages get nothing.
   */
  gitlabOrigin: string;
  active: boolean;
  /**
   * The environment this link's badge count is for (and what notifications and the popup open on): a name from
   * the project's environments; absent for all environments. Only backends that filter by environment set it.
   */
  defaultEnvironment?: string;
}

/**
 * A GitLab project and where its errors are read: from a Sentry project directly, or through GitLab (its
 * integrated error tracking, or the Sentry project configured inside GitLab).
 */
export type ProjectLink = (LinkBase & { backend: 'sentry'; sentry: SentryProjectChoice }) | (LinkBase & { backend: 'gitlab' });

export interface LinkStatus {
  checkedAt: number;
  count?: number;
  countCapped?: boolean;
  failure?: Failure;
}

export interface CachedPage {
  page: ErrorPage;
  fetchedAt: number;
}

export interface PopupState {
  linkId?: string;
  status: ErrorStatus;
  sort: ErrorSort;
}

const DEFAULT_POLL_MINUTES = 2;

export const sentryConnectionItem = /* @__PURE__ */ defineItem<StoredSentryConnection | null>('local:sentryConnection', {
  fallback: null,
});

// Keys the popup reads in one round trip without defining (and so without initialising) the items.
export const LINKS_KEY = 'local:links';
export const LINK_STATUS_KEY = 'local:linkStatus';
export const POPUP_STATE_KEY = 'local:popupState';
export const ENVIRONMENT_CHOICES_KEY = 'local:environmentChoices';
export const LINK_ENVIRONMENTS_KEY = 'local:linkEnvironments';
export const DEFAULT_POPUP_STATE: PopupState = { status: 'unresolved', sort: 'last_seen' };

const DEFAULT_GITLAB_ORIGIN = 'https://gitlab.com';

/** The GitLab a link saved now belongs to: the connected one, else gitlab.com. */
export function gitlabOriginOf(connection: { baseUrl: string } | null): string {
  if (!connection) return DEFAULT_GITLAB_ORIGIN;
  try {
    return new URL(connection.baseUrl).origin;
  } catch {
    return DEFAULT_GITLAB_ORIGIN;
  }
}

export const linksItem = /* @__PURE__ */ defineItem<ProjectLink[]>(LINKS_KEY, {
  fallback: [],
  version: 3,
  migrations: {
    // v1 links were all read from Sentry directly.
    2: (links: Array<Omit<ProjectLink, 'backend'> & { backend?: string }>) =>
      links.map((link) => ({ ...link, backend: link.backend ?? 'sentry' })),
    // v2 links had no origin: they were made for the GitLab connected then, which is still the connected one.
    3: async (links: Array<Omit<ProjectLink, 'gitlabOrigin'> & { gitlabOrigin?: string }>) => {
      const origin = gitlabOriginOf((await readStored<{ baseUrl: string }>('local:gitlabConnection')) ?? null);
      return links.map((link) => ({ ...link, gitlabOrigin: link.gitlabOrigin ?? origin }));
    },
  },
});

export const knownProjectsItem = /* @__PURE__ */ defineItem<SentryProjectChoice[]>('local:sentryProjects', {
  fallback: [],
});

export const settingsItem = /* @__PURE__ */ defineItem<{ pollMinutes: number }>('local:settings', {
  fallback: { pollMinutes: DEFAULT_POLL_MINUTES },
});

export const linkStatusItem = /* @__PURE__ */ defineItem<Record<string, LinkStatus>>(LINK_STATUS_KEY, {
  fallback: {},
});

export const popupStateItem = /* @__PURE__ */ defineItem<PopupState>(POPUP_STATE_KEY, {
  fallback: DEFAULT_POPUP_STATE,
});

/**
 * The environment the popup or a panel last showed for each link ('' for all), by link id. A link without an
 * entry opens on its default environment; changing that default in the options drops the entry.
 */
export const environmentChoicesItem = /* @__PURE__ */ defineItem<Record<string, string>>(ENVIRONMENT_CHOICES_KEY, {
  fallback: {},
});

/** Each link's environments as its backend last listed them (or why it has none), by link id. */
export interface CachedEnvironments {
  choices: EnvironmentChoices;
  fetchedAt: number;
}

export const linkEnvironmentsItem = /* @__PURE__ */ defineItem<Record<string, CachedEnvironments>>(LINK_ENVIRONMENTS_KEY, {
  fallback: {},
});

/** When the poller may next talk to Sentry after failures (epoch ms). */
export const backoffItem = /* @__PURE__ */ defineItem<{ until: number; failures: number }>('local:pollBackoff', {
  fallback: { until: 0, failures: 0 },
});

/** Why the Sentry token may not change a link's errors (a 403 on a status change), by link id, until when. */
export const writeDeniedItem = /* @__PURE__ */ defineItem<Record<string, { reason: string; until: number }>>('local:sentryWriteDenied', {
  fallback: {},
  version: 2,
  migrations: {
    // v1 was one reason for every link; it only hid buttons, so it is dropped rather than spread to all.
    2: () => ({}),
  },
});

export interface StoredGitlabConnection {
  baseUrl: string;
  token: string;
  username: string;
  /** The token's user; connections made before it was kept have only the username. */
  userId?: number;
}

export const gitlabConnectionItem = /* @__PURE__ */ defineItem<StoredGitlabConnection | null>('local:gitlabConnection', {
  fallback: null,
});

/** GitLab issues this browser created or found for an error: `${gitlabProjectId}:${errorId}` → issue. */
export const linkedIssuesItem = /* @__PURE__ */ defineItem<Record<string, { iid: number; webUrl: string }>>('local:linkedIssues', {
  fallback: {},
});

/**
 * Resolves whose GitLab issue is still to be closed: written before the status change, removed once the
 * issue is closed (or there is none). A worker stopped in between finishes the close at its next start.
 */
export interface PendingIssueClose {
  linkId: string;
  errorId: string;
  /** When the Resolve was asked for (epoch ms). */
  at: number;
  /** Close attempts that failed so far. */
  failures: number;
}

export const pendingIssueClosesItem = /* @__PURE__ */ defineItem<PendingIssueClose[]>('local:pendingIssueCloses', {
  fallback: [],
});

/** Release SHA → commit in a project (`${gitlabProjectId}:${sha}`); null where the repository has none. */
export const commitCacheItem = /* @__PURE__ */ defineItem<Record<string, { shortId: string; webUrl: string } | null>>('local:commitCache', {
  fallback: {},
});
