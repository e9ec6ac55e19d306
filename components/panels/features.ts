import { commitErrors } from './commit-errors/feature';
import { errorTrackingPage } from './error-tracking-page/feature';
import { fileErrors } from './file-errors/feature';
import { issueError } from './issue-error/feature';
import { mergeRequestErrors } from './merge-request-errors/feature';
import type { PanelId } from './pages';
import { projectErrors } from './project-errors/feature';
import type { PanelFeature } from './shared/panel-feature';

/** Each feature's UI, by the same ids as the loader's PANEL_PAGES; the panels' script mounts them. */
export const PANEL_FEATURES = {
  'project-errors': projectErrors,
  'error-tracking-page': errorTrackingPage,
  'issue-error': issueError,
  'file-errors': fileErrors,
  'commit-errors': commitErrors,
  'merge-request-errors': mergeRequestErrors,
} satisfies Record<PanelId, PanelFeature>;
