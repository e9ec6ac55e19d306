import type { Failure } from '../domain/errors';
import type { Request } from './requests';
import type { CreatedIssue, ErrorDetailsResult, IssueState, StatusChangeResult } from '../backends/types';
import type { EnvironmentChoices } from '../domain/environments';
import type { ErrorPage, ErrorSummary, ListQuery } from '../domain/model';
import type { NotificationSettings } from '../store/notifications';
import type { LinkStatus, ProjectLink, SentryProjectChoice } from '../store/storage';

// What the background answers to each request. UI code imports these as types only, so no schema
// code ends up in the popup bundle.

export interface OptionsView {
  sentry: { baseUrl: string; hasToken: boolean } | null;
  gitlab: { baseUrl: string; username: string } | null;
  links: ProjectLink[];
  projects: SentryProjectChoice[];
  pollMinutes: number;
}

/** What a list of a link's errors needs to know about environments to draw its Environment combobox at once. */
export interface LinkEnvironments {
  /** The link's default environment ('' for all): what the badge counts. */
  defaultEnvironment?: string;
  /** The environment its list opens on ('' for all): the one last chosen for it, else the default. */
  environment?: string;
  /** Its environments as last listed, or why it has none; absent until first asked. */
  environments?: EnvironmentChoices;
}

export interface LinkOverview extends LinkEnvironments {
  id: string;
  gitlabProject: string;
  /** Where the errors come from, naming the service: `Sentry: <org> / <project>` or `GitLab error tracking`. */
  sourceLabel: string;
  status?: LinkStatus;
}

export interface PopupView {
  configured: boolean;
  /** Links the user paused: not shown, but the popup must not call the extension "not set up" because of them. */
  paused: number;
  links: LinkOverview[];
  selectedLinkId?: string;
  query: ListQuery;
  cached?: { page: ErrorPage; fetchedAt: number };
  /** A notification was clicked just now: the popup opens straight on this error's details. */
  openError?: ErrorSummary;
}

export interface ErrorListView {
  page: ErrorPage;
  fetchedAt: number;
}

export interface ResponseMap {
  getOptions: OptionsView;
  connectSentry: { projects: SentryProjectChoice[]; organizations: number };
  saveOptions: { options: OptionsView; savedLink?: ProjectLink };
  removeLink: OptionsView;
  setLinkActive: OptionsView;
  listErrors: ErrorListView | null;
  refreshNow: null;
  listEnvironments: EnvironmentChoices;
  projectEnvironments: EnvironmentChoices;
  getErrorDetails: ErrorDetailsView;
  updateErrorStatus: StatusChangeResult;
  connectGitlab: { username: string };
  searchGitlabProjects: Array<{ id: number; path: string; name: string }>;
  gitlabProjectHint: { path: string; sentryProjectKey?: string; sentryLabel?: string };
  getGitlabState: IssueState;
  createGitlabIssue: CreatedIssue;
  integratedSettings: IntegratedSettingsView;
  createClientKey: ClientKeyView;
  deleteClientKey: IntegratedSettingsView;
  getNotificationSettings: NotificationSettings;
  setNotificationSettings: NotificationSettings;
  panelContext: PanelContext | null;
  loadPanels: { loaded: boolean };
  issueErrors: ErrorSummary | null;
  fileErrors: Array<{ error: ErrorSummary; lines: number[] }>;
  commitErrors: ErrorSummary[];
  mergeRequestErrors: MergeRequestErrorRow[];
  frameLinks: FrameLinksView;
}

/** A stack frame that opens in GitLab: the frame (by file, abs_path and line) and its repository file. */
export interface FrameLink {
  file: string;
  absPath: string;
  line?: number;
  repoPath: string;
  /** The file at the error's commit (or the default branch), `#L<line>` when the frame has one. */
  href: string;
}

export interface FrameLinksView {
  /** The GitLab the links point into ('' when none is connected): every href must be on its origin. */
  gitlabUrl: string;
  links: FrameLink[];
}

/** An error about a merge request: its own code's frames in the files it changes, or first seen in one of its commits. */
export interface MergeRequestErrorRow {
  error: ErrorSummary;
  /** Where its frames point into the changed files; `changed`: a line the merge request adds or changes. */
  hits: Array<{ path: string; line: number; changed: boolean }>;
  /** The merge request's commit named by the release the error was first seen in. */
  firstSeenIn?: { sha: string; shortSha: string };
}

/** What a GitLab page's panels need to know about the project's link. */
export interface PanelContext extends LinkEnvironments {
  linkId: string;
  gitlabProject: string;
  /** Where the errors come from, naming the service: `Sentry: <org> / <project>` or `GitLab error tracking`. */
  sourceLabel: string;
  count?: number;
  countCapped?: boolean;
}

export interface ErrorDetailsView extends ErrorDetailsResult {
  /** Set when the token was refused a status change before: the buttons say why they are off. */
  writeDenied?: string;
}

export type RequestOf<T extends Request['type']> = Extract<Request, { type: T }>;
export type Reply<T extends Request['type']> = { ok: true; data: ResponseMap[T] } | { ok: false; failure: Failure };

export interface ClientKeyView {
  id: number;
  active: boolean;
  publicKey: string;
  dsn: string;
}

/** GitLab's Error Tracking settings of a link's project, for Maintainers. */
export interface IntegratedSettingsView {
  project: string;
  /** Why nothing more is shown: not a Maintainer, never set up, feature off. */
  explanation?: string;
  settings?: { active: boolean; integrated: boolean; apiUrl?: string };
  keys: ClientKeyView[];
}
